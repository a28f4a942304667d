using FiveHundreds.Ingest.Alerts;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FiveHundreds.Ingest.Intake;

// Returns the issues ignored until a time once that time has passed, even when no event arrives to return them.
// One statement over a partial index of ignored issues with a time: cheap however many issues there are, and safe
// in every replica at once (an issue another replica returned no longer matches).
public sealed class IgnoreExpiry(
    NpgsqlDataSource dataSource, AlertOutbox alertOutbox, AlertDispatchSignal alertSignal, TimeProvider clock,
    IOptions<IgnoreExpiryOptions> options, ILogger<IgnoreExpiry> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ReturnDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    logger.LogWarning(ex, "Could not return issues whose ignore ended; the next check tries again.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Answers how many issues returned.
    public async Task<int> ReturnDueAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var returned = new List<ReturnedIssue>();
        var now = clock.GetUtcNow();
        await using (var command = new NpgsqlCommand("""
            UPDATE issues SET status = 'unresolved', returned_from_ignore_at = @now
            WHERE status = 'ignored' AND ignore_until IS NOT NULL AND ignore_until <= @now
            RETURNING id, project_id, level, title, culprit
            """, connection))
        {
            command.Parameters.Add(new("now", now.ToUniversalTime()));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                returned.Add(new ReturnedIssue(reader.GetGuid(0), reader.GetGuid(1), WireWords.Parse<EventLevel>(reader.GetString(2)),
                    reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }
        var alertsQueued = false;
        if (returned.Count > 0)
        {
            await IntakeActivity.RecordAsync(connection, IssueChanges.None() with { Returned = [.. returned.Select(r => r.Id)] }, [], now);
            alertsQueued = await alertOutbox.WriteReturnedIntentsAsync(connection, returned);
        }
        await transaction.CommitAsync(ct);
        if (alertsQueued)
        {
            alertSignal.Notify();
        }
        return returned.Count;
    }
}
