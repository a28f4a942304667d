using System.Collections.Concurrent;
using Npgsql;

namespace FiveHundreds.Ingest.Intake;

// Counts the events the rate limit dropped, per project, and adds them to the day's statistics every few
// seconds: a database write per dropped event would let a flood do the very harm the limit prevents.
public sealed class DropCounter(NpgsqlDataSource dataSource, ILogger<DropCounter> logger) : BackgroundService
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<Guid, long> _pending = new();

    public void Record(Guid projectId) => _pending.AddOrUpdate(projectId, 1, (_, n) => n + 1);

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
        foreach (var projectId in _pending.Keys)
        {
            if (!_pending.TryRemove(projectId, out var dropped) || dropped == 0)
            {
                continue;
            }
            try
            {
                await using var command = dataSource.CreateCommand("""
                    INSERT INTO project_daily_stats (project_id, day, received, dropped)
                    VALUES (@project, (now() AT TIME ZONE 'UTC')::date, 0, @dropped)
                    ON CONFLICT (project_id, day) DO UPDATE SET dropped = project_daily_stats.dropped + EXCLUDED.dropped
                    """);
                command.Parameters.AddWithValue("project", projectId);
                command.Parameters.AddWithValue("dropped", dropped);
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // Keep the count for the next flush rather than lose it while the database is away.
                _pending.AddOrUpdate(projectId, dropped, (_, n) => n + dropped);
                logger.LogWarning(ex, "Could not record {Dropped} dropped events for project {Project}; will retry.", dropped, projectId);
            }
        }
    }
}
