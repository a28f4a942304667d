using System.Diagnostics;
using FiveHundreds.Ingest.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FiveHundreds.Ingest.Retention;

// One pass of retention over every project. Counts are never touched: event_count, first and last seen, the daily
// counts and the projects' daily totals stay true totals of what was received; only events, the hourly counts
// past their project's retention, and event keys whose events can no longer exist are removed. The projects'
// storage counters (what is kept) lose what each delete or dropped partition took, in the same statement or
// transaction (StorageCounters), and the oldest kept event is found again at the end of the pass.
//
// What it costs, honestly:
// - Partitions older than the longest-kept project's retention are dropped whole: constant time, no vacuum.
// - A project that keeps less than the longest-kept one loses its older events by DELETE, one partition (one
//   day) at a time through the (project_id, received_at) index. That is row-by-row work in proportion to the
//   project's daily events, and those partitions need one vacuum afterwards; they are not written to otherwise.
// - The per-issue cap is a DELETE of the events between an issue's first and its newest ones, again row by row,
//   in proportion to what the capped issues received since the last pass.
// - The partition with the longest-kept project's oldest events goes as a whole, so those events are kept up to
//   one day longer than the setting.
// - Every DELETE (events, hourly counts, event keys) takes at most BatchSize rows per statement, and after each
//   statement the pass rests WorkingShare's complement of the time (PacedStatements): the intake's group commit,
//   which updates the same storage counters and shares the disk and the two cores, never waits behind a long
//   statement, and a pass that would take a second alone takes about ten at the default share of 0.1.
// Replicas each run the pass on a timer; a session advisory lock lets only one of them run it at a time.
public sealed class RetentionPass(
    NpgsqlDataSource dataSource, EventPartitions partitions, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<RetentionPass> logger)
{
    // Any fixed number, the same in every replica.
    internal const long PassLockKey = 5_000_170_002;

    private const int StatementTimeoutSeconds = 600;

    // Null when another replica (or another pass in this one) holds the lock: it does the work.
    public async Task<RetentionReport?> TryRunAsync(CancellationToken ct)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        if (!await TryLockAsync(lockConnection, ct))
        {
            return null;
        }
        try
        {
            return await RunAsync(ct);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            unlock.Parameters.AddWithValue("key", PassLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", PassLockKey);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<RetentionReport> RunAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var paced = new PacedStatements(options.Value, clock);
        var projects = await ProjectDaysAsync(ct);
        var longest = projects.Count == 0 ? options.Value.MaxDays : projects.Values.Max();
        var keepFrom = now.AddDays(-longest);

        var dropped = 0;
        foreach (var partition in (await partitions.ListAsync(ct)).Where(p => p.To <= keepFrom))
        {
            try
            {
                await partitions.DropAsync(partition, ct);
                dropped++;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                logger.LogInformation("Partition {Partition} is in use; it is dropped on the next pass.", partition.Name);
            }
        }
        var kept = await partitions.ListAsync(ct);

        var lostEvents = new HashSet<Guid>();
        long pastRetention = 0;
        foreach (var (project, days) in projects.Where(p => p.Value < longest))
        {
            var cutoff = now.AddDays(-days);
            foreach (var partition in kept.Where(p => p.From < cutoff))
            {
                // The range again on the DELETE, so that it plans against this one partition only.
                var deleted = await paced.InBatchesAsync(() => DeleteCountedAsync("""
                    doomed AS (
                        SELECT id, received_at FROM events
                        WHERE project_id = @project AND received_at >= @from AND received_at < @to LIMIT @batch
                    )
                    """, """
                    DELETE FROM events e USING doomed d
                    WHERE e.id = d.id AND e.received_at = d.received_at AND e.received_at >= @from AND e.received_at < @to
                    """, ct, ("project", project), ("from", partition.From), ("to", partition.To < cutoff ? partition.To : cutoff), ("batch", options.Value.BatchSize)), ct);
                if (deleted > 0)
                {
                    lostEvents.Add(project);
                }
                pastRetention += deleted;
            }
        }

        var overCap = await ApplyIssueCapAsync(paced, lostEvents, ct);
        if (lostEvents.Count > 0)
        {
            await paced.OneAsync(() => ExecuteAsync(StorageCounters.RefreshOldest, ct, ("projects", lostEvents.ToArray())), ct);
        }

        var hourly = await paced.InBatchesAsync(() => ExecuteAsync("""
            WITH doomed AS (
                SELECT h.issue_id, h.hour FROM issue_hourly_counts h
                JOIN issues i ON h.issue_id = i.id
                JOIN unnest(@projects, @cutoffs) AS p(id, cutoff) ON i.project_id = p.id
                WHERE h.hour < p.cutoff LIMIT @batch
            )
            DELETE FROM issue_hourly_counts h USING doomed d WHERE h.issue_id = d.issue_id AND h.hour = d.hour
            """, ct, ("projects", projects.Keys.ToArray()), ("cutoffs", projects.Values.Select(d => now.AddDays(-d)).ToArray()), ("batch", options.Value.BatchSize)), ct);

        // A retry of an event that can no longer be kept is not expected: its key goes with the oldest partition.
        var keys = await paced.InBatchesAsync(() => ExecuteAsync("""
            WITH doomed AS (SELECT project_id, event_id FROM event_keys WHERE received_at < @from LIMIT @batch)
            DELETE FROM event_keys k USING doomed d WHERE k.project_id = d.project_id AND k.event_id = d.event_id
            """, ct, ("from", kept.Count > 0 ? kept[0].From : keepFrom), ("batch", options.Value.BatchSize)), ct);

        var report = new RetentionReport(dropped, pastRetention, overCap, hourly, keys, paced.LargestBatch, started, Stopwatch.GetTimestamp());
        if (report.RemovedAnything)
        {
            logger.LogInformation(
                "Retention dropped {Partitions} partitions, {PastRetention} events past their project's retention, " +
                "{OverCap} events over the per-issue cap, {Hourly} hourly counts and {Keys} event keys in {Elapsed}.",
                dropped, pastRetention, overCap, hourly, keys, Stopwatch.GetElapsedTime(started, report.Finished));
        }
        return report;
    }

    private async Task<Dictionary<Guid, int>> ProjectDaysAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT id, retention_days FROM projects");
        var days = new Dictionary<Guid, int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            days[reader.GetGuid(0)] = options.Value.EffectiveDays(reader.IsDBNull(1) ? null : reader.GetInt32(1));
        }
        return days;
    }

    // Keeps each issue's first event and its newest ones, MaxEventsPerIssue in all, in batches per issue; the
    // projects that lost events are added to lostEvents. Only issues that received events since the cap last looked
    // at them are counted again.
    private async Task<long> ApplyIssueCapAsync(PacedStatements paced, HashSet<Guid> lostEvents, CancellationToken ct)
    {
        var cap = options.Value.MaxEventsPerIssue;
        var candidates = new List<(Guid Id, Guid Project, long EventCount)>();
        await using (var command = dataSource.CreateCommand(
            "SELECT id, project_id, event_count FROM issues WHERE event_count > @cap AND event_count > capped_at_event_count"))
        {
            command.Parameters.AddWithValue("cap", (long)cap);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                candidates.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetInt64(2)));
            }
        }

        long deleted = 0;
        foreach (var (issue, project, eventCount) in candidates)
        {
            // What lies between the issue's first event and the oldest of its newest cap - 1 goes. The bounds are read
            // once: events that arrive during the pass are newer than them and wait for the next pass, so the cap of
            // a busy issue deletes what was over it, not everything its senders add while the pass rests.
            if (await CapBoundsAsync(issue, cap, ct) is { } bounds)
            {
                var issueDeleted = await paced.InBatchesAsync(() => DeleteCountedAsync("""
                    doomed AS (
                        SELECT id, received_at FROM events
                        WHERE issue_id = @issue AND (occurred_at, id) > (@first_at, @first_id) AND (occurred_at, id) < (@newest_at, @newest_id)
                        LIMIT @batch
                    )
                    """, """
                    DELETE FROM events e USING doomed d WHERE e.id = d.id AND e.received_at = d.received_at
                    """, ct, ("issue", issue), ("first_at", bounds.First.At), ("first_id", bounds.First.Id),
                    ("newest_at", bounds.Newest.At), ("newest_id", bounds.Newest.Id),
                    ("batch", options.Value.BatchSize)), ct);
                if (issueDeleted > 0)
                {
                    lostEvents.Add(project);
                }
                deleted += issueDeleted;
            }
            // The count read before the delete: events that arrived during it make the issue a candidate again.
            await ExecuteAsync("UPDATE issues SET capped_at_event_count = @count WHERE id = @issue", ct,
                ("issue", issue), ("count", eventCount));
        }
        return deleted;
    }

    // The (occurred_at, id) of the issue's first event and of the oldest of its newest keep events; null when it
    // keeps no more than that.
    private async Task<((DateTimeOffset At, Guid Id) First, (DateTimeOffset At, Guid Id) Newest)?> CapBoundsAsync(Guid issue, int keep, CancellationToken ct)
    {
        await using var command = Command("""
            SELECT f.occurred_at, f.id, n.occurred_at, n.id
            FROM (SELECT occurred_at, id FROM events WHERE issue_id = @issue ORDER BY occurred_at, id LIMIT 1) f,
                 (SELECT occurred_at, id FROM events WHERE issue_id = @issue ORDER BY occurred_at DESC, id DESC OFFSET @newest - 1 LIMIT 1) n
            """, [("issue", issue), ("newest", keep - 1)]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? ((reader.GetFieldValue<DateTimeOffset>(0), reader.GetGuid(1)), (reader.GetFieldValue<DateTimeOffset>(2), reader.GetGuid(3)))
            : null;
    }

    private async Task<long> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    // A DELETE FROM events e that takes what it deletes off the storage counters in the same statement.
    private async Task<long> DeleteCountedAsync(string ctes, string delete, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(StorageCounters.CountedDelete(ctes.Trim(), delete.Trim()), parameters);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private NpgsqlCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = StatementTimeoutSeconds;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
