using System.Collections.Concurrent;
using Npgsql;

namespace FiveHundreds.Ingest.Intake;

// Counts the events the intake refused, per project and reason, and adds them to the day's drop counts every few
// seconds: a database write per dropped event would let a flood do the very harm the limits prevent. Every
// replica adds its own counts, so the table holds the total of all of them.
public sealed class DropCounter(NpgsqlDataSource dataSource, ILogger<DropCounter> logger) : BackgroundService
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<(Guid ProjectId, string Reason), long> _pending = new();

    public void Record(Guid projectId, string reason) => Add((projectId, reason), 1);

    private void Add((Guid, string) key, long count) => _pending.AddOrUpdate(key, count, (_, n) => n + count);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        var taken = new List<((Guid ProjectId, string Reason) Key, long Count)>();
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var count) && count > 0)
            {
                taken.Add((key, count));
            }
        }
        if (taken.Count == 0)
        {
            return;
        }
        try
        {
            // Sorted, so that two replicas flushing at once take the rows' locks in the same order.
            var rows = taken.OrderBy(t => t.Key.ProjectId).ThenBy(t => t.Key.Reason, StringComparer.Ordinal).ToList();
            await using var command = dataSource.CreateCommand("""
                INSERT INTO project_daily_drops (project_id, day, reason, count)
                SELECT d.project_id, (now() AT TIME ZONE 'UTC')::date, d.reason, d.count
                FROM unnest(@projects, @reasons, @counts) WITH ORDINALITY AS d(project_id, reason, count, position)
                JOIN projects p ON p.id = d.project_id
                ORDER BY d.position
                ON CONFLICT (project_id, day, reason) DO UPDATE SET count = project_daily_drops.count + EXCLUDED.count
                """);
            command.Parameters.AddWithValue("projects", rows.Select(r => r.Key.ProjectId).ToArray());
            command.Parameters.AddWithValue("reasons", rows.Select(r => r.Key.Reason).ToArray());
            command.Parameters.AddWithValue("counts", rows.Select(r => r.Count).ToArray());
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // Keep the counts for the next flush rather than lose them while the database is away.
            foreach (var (key, count) in taken)
            {
                Add(key, count);
            }
            logger.LogWarning(ex, "Could not record {Dropped} dropped events; will retry.", taken.Sum(t => t.Count));
        }
    }
}
