using System.Diagnostics;
using System.Threading.Channels;
using FiveHundreds.Ingest.Alerts;
using FiveHundreds.Ingest.Infrastructure.EntityConfigurations;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace FiveHundreds.Ingest.Intake;

// Stores events with group commit: concurrent requests queue their events, one loop writes whatever has
// queued up in a single transaction, and each request is answered only after that transaction committed.
// So throughput comes from fewer, larger commits, never from acknowledging before the write.
// The queue is bounded by count and by bytes, and a full queue or a database that just failed answers at once
// (503) instead of making the request wait: waiting requests hold their memory, and an SDK retries a 503.
public sealed class EventWriter(
    NpgsqlDataSource dataSource, IOptions<IntakeOptions> options, IngestTelemetry telemetry, TimeProvider clock,
    AlertOutbox alertOutbox, AlertDispatchSignal alertSignal, ILogger<EventWriter> logger)
    : BackgroundService
{
    // A database that cannot be reached is retried by the next batch after this, not by every waiting request.
    private static readonly TimeSpan UnavailableFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(1);

    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(options.Value.MaxQueuedEvents) { SingleReader = true });

    private readonly int _maxBatchSize = options.Value.MaxBatchSize;
    private readonly long _maxQueuedBytes = options.Value.MaxQueuedBytes;
    private long _queuedBytes;
    private long _unavailableUntilTicks;

    public async Task<StoredEvent> WriteAsync(PendingEvent pendingEvent, CancellationToken cancellationToken)
    {
        // A sender that already gave up is not queued; once queued, the event is written whether or not it waits.
        cancellationToken.ThrowIfCancellationRequested();
        if (clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _unavailableUntilTicks))
        {
            throw new DatabaseUnavailableException(new TimeoutException("The last group commit could not reach the database."));
        }
        var write = new PendingWrite(pendingEvent, pendingEvent.SizeInMemory());
        if (Interlocked.Add(ref _queuedBytes, write.Bytes) > _maxQueuedBytes || !_queue.Writer.TryWrite(write))
        {
            Interlocked.Add(ref _queuedBytes, -write.Bytes);
            throw new IntakeOverloadedException();
        }
        return await write.Completion.Task;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Queued events are still written before the service stops.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        telemetry.ObserveQueue(() => _queue.Reader.Count, () => Interlocked.Read(ref _queuedBytes));
        var batch = new List<PendingWrite>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            using (var activity = IngestTelemetry.ActivitySource.StartActivity("group commit"))
            {
                activity?.SetTag("fivehundreds.batch.size", batch.Count);
                var started = Stopwatch.GetTimestamp();
                if (await WriteBatchAsync(batch))
                {
                    telemetry.Committed(batch.Count, Stopwatch.GetElapsedTime(started));
                }
            }
            Interlocked.Add(ref _queuedBytes, -batch.Sum(w => w.Bytes));
            batch.Clear();
        }
    }

    // True when the batch was committed whole.
    private async Task<bool> WriteBatchAsync(IReadOnlyList<PendingWrite> batch)
    {
        try
        {
            var stored = await StoreAsync(batch.Select(w => w.Event).ToList());
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(stored[i]);
            }
            return true;
        }
        catch (PostgresException ex) when (IsDataError(ex) && batch.Count > 1)
        {
            // One event's data was refused: write them one by one so only that event fails.
            foreach (var write in batch)
            {
                await WriteBatchAsync([write]);
            }
        }
        catch (PostgresException ex) when (IsDataError(ex))
        {
            batch[0].Completion.TrySetException(new EventRejectedException($"The event could not be stored: {ex.MessageText}", ex));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Writing a batch of {Count} events failed; its senders are told to retry.", batch.Count);
            Interlocked.Exchange(ref _unavailableUntilTicks, (clock.GetUtcNow() + UnavailableFor).UtcTicks);
            var unavailable = new DatabaseUnavailableException(ex);
            foreach (var write in batch)
            {
                write.Completion.TrySetException(unavailable);
            }
        }
        return false;
    }

    // Class 22 (data exception) and 23 (integrity violation): the data, not the database, is at fault.
    private static bool IsDataError(PostgresException ex) => ex.SqlState.StartsWith("22") || ex.SqlState.StartsWith("23");

    private async Task<StoredEvent[]> StoreAsync(List<PendingEvent> events)
    {
        NpgsqlConnection connection;
        using (var opening = new CancellationTokenSource(OpenTimeout))
        {
            connection = await dataSource.OpenConnectionAsync(opening.Token);
        }
        await using var _ = connection;
        await using var transaction = await connection.BeginTransactionAsync();

        var keys = events.Select(e => (e.ProjectId, e.EventId)).Distinct().ToList();
        var alreadyStored = await FindStoredAsync(connection, keys);

        // The first of several sends of one event_id in this batch is written; the others share its answer.
        var fresh = events
            .Where(e => !alreadyStored.ContainsKey((e.ProjectId, e.EventId)))
            .DistinctBy(e => (e.ProjectId, e.EventId))
            .ToList();

        var issueChanges = IssueChanges.None();
        var inserted = new Dictionary<(Guid, Guid), Guid>();
        var alertsQueued = false;
        if (fresh.Count > 0)
        {
            var now = clock.GetUtcNow();
            var released = await ReleasedHoldsAsync(connection, fresh, now);
            issueChanges = await UpsertIssuesAsync(connection, fresh, released, now);
            inserted = await InsertEventsAsync(connection, fresh);
            // The alert outbox: intents commit with the events that cause them, or not at all.
            alertsQueued = await alertOutbox.WriteIntentsAsync(connection, fresh, inserted, issueChanges);
        }
        await transaction.CommitAsync();
        if (alertsQueued)
        {
            alertSignal.Notify();
        }

        // Events another writer stored between our look-up and our insert.
        var lost = keys.Where(k => !alreadyStored.ContainsKey(k) && !inserted.ContainsKey(k)).ToList();
        if (lost.Count > 0)
        {
            foreach (var (key, issueId) in await FindStoredAsync(connection, lost))
            {
                alreadyStored[key] = issueId;
            }
        }

        var answered = new Dictionary<(Guid, Guid), StoredEvent>();
        var issuesAnnounced = new HashSet<Guid>();
        return [.. events.Select(e =>
        {
            var key = (e.ProjectId, e.EventId);
            if (answered.TryGetValue(key, out var earlier))
            {
                return earlier with { NewIssue = false };
            }
            var stored = inserted.TryGetValue(key, out var issueId)
                ? new StoredEvent(e.EventId, issueId, issueChanges.Created.Contains(issueId) && issuesAnnounced.Add(issueId))
                : new StoredEvent(e.EventId, alreadyStored[key], false);
            answered[key] = stored;
            return stored;
        })];
    }

    private static async Task<Dictionary<(Guid, Guid), Guid>> FindStoredAsync(NpgsqlConnection connection, List<(Guid ProjectId, Guid EventId)> keys)
    {
        await using var command = new NpgsqlCommand("""
            SELECT e.project_id, e.event_id, e.issue_id
            FROM unnest(@project_ids, @event_ids) AS k(project_id, event_id)
            JOIN events e ON e.project_id = k.project_id AND e.event_id = k.event_id
            """, connection);
        command.Parameters.Add(new("project_ids", keys.Select(k => k.ProjectId).ToArray()));
        command.Parameters.Add(new("event_ids", keys.Select(k => k.EventId).ToArray()));
        var found = new Dictionary<(Guid, Guid), Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[(reader.GetGuid(0), reader.GetGuid(1))] = reader.GetGuid(2);
        }
        return found;
    }

    // The batch's held issues (ignored, or resolved in the next release) whose condition its events pass. Read
    // without a lock: an issue held after this read is not in the answer, so the upsert leaves it held, and the
    // user's latest choice wins.
    private static async Task<HashSet<Guid>> ReleasedHoldsAsync(NpgsqlConnection connection, List<PendingEvent> fresh, DateTimeOffset now)
    {
        var groups = fresh.GroupBy(e => (e.ProjectId, e.Fingerprint)).ToDictionary(g => g.Key, g => g.ToList());
        var held = new List<HeldIssue>();
        await using (var command = new NpgsqlCommand("""
            SELECT i.id, i.project_id, i.fingerprint, i.status, i.event_count, i.ignore_until, i.ignore_more_events,
                   i.ignored_at_event_count, i.resolved_after_release, r.first_seen
            FROM unnest(@project_ids, @fingerprints) AS k(project_id, fingerprint)
            JOIN issues i ON i.project_id = k.project_id AND i.fingerprint = k.fingerprint
            LEFT JOIN project_releases r ON r.project_id = i.project_id AND r.version = i.resolved_after_release
            WHERE i.status = 'ignored' OR (i.status = 'resolved' AND i.resolved_after_release IS NOT NULL)
            """, connection))
        {
            command.Parameters.Add(new("project_ids", groups.Keys.Select(k => k.ProjectId).ToArray()));
            command.Parameters.Add(new("fingerprints", groups.Keys.Select(k => k.Fingerprint).ToArray()));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                held.Add(new HeldIssue(
                    reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2),
                    WireWords.Parse<IssueStatus>(reader.GetString(3)), reader.GetInt64(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6),
                    reader.IsDBNull(7) ? null : reader.GetInt64(7),
                    reader.IsDBNull(8) ? null : new ReleaseOrder.Release(reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9))));
            }
        }
        if (held.Count == 0)
        {
            return [];
        }
        var firstSeen = await FirstSeenAsync(connection, [.. held
            .Where(h => h.ResolvedAfter is not null)
            .SelectMany(h => groups[(h.ProjectId, h.Fingerprint)])
            .Where(e => e.Release is not null)
            .Select(e => (e.ProjectId, Version: e.Release!))
            .Distinct()]);
        return [.. held
            .Where(h => h.IsReleasedBy(groups[(h.ProjectId, h.Fingerprint)], now,
                version => new ReleaseOrder.Release(version, firstSeen.TryGetValue((h.ProjectId, version), out var seen) ? seen : null)))
            .Select(h => h.Id)];
    }

    // When the project first sent each of these releases; a release it never sent is not in the answer.
    private static async Task<Dictionary<(Guid, string), DateTimeOffset>> FirstSeenAsync(
        NpgsqlConnection connection, List<(Guid ProjectId, string Version)> releases)
    {
        var firstSeen = new Dictionary<(Guid, string), DateTimeOffset>();
        if (releases.Count == 0)
        {
            return firstSeen;
        }
        await using var command = new NpgsqlCommand("""
            SELECT r.project_id, r.version, r.first_seen
            FROM unnest(@project_ids, @versions) AS k(project_id, version)
            JOIN project_releases r ON r.project_id = k.project_id AND r.version = k.version
            """, connection);
        command.Parameters.Add(new("project_ids", releases.Select(r => r.ProjectId).ToArray()));
        command.Parameters.Add(new("versions", releases.Select(r => r.Version).ToArray()));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            firstSeen[(reader.GetGuid(0), reader.GetString(1))] = reader.GetFieldValue<DateTimeOffset>(2);
        }
        return firstSeen;
    }

    // Creates the batch's new issues and touches the existing ones (last seen, regression, return from ignore).
    // An ignored issue, or one resolved in the next release, keeps its status unless it is among the released.
    // Rows are taken in one fixed order so that writers in other ingest replicas cannot deadlock with this one.
    private static async Task<IssueChanges> UpsertIssuesAsync(
        NpgsqlConnection connection, List<PendingEvent> fresh, HashSet<Guid> released, DateTimeOffset now)
    {
        var groups = fresh
            .GroupBy(e => (e.ProjectId, e.Fingerprint))
            .OrderBy(g => g.Key.ProjectId).ThenBy(g => g.Key.Fingerprint, StringComparer.Ordinal)
            .Select(g => (First: g.First(), FirstSeen: g.Min(e => e.OccurredAt), LastSeen: g.Max(e => e.OccurredAt)))
            .ToList();

        await using var command = new NpgsqlCommand("""
            INSERT INTO issues (id, project_id, fingerprint, title, culprit, level, status, event_count,
                                first_seen, last_seen, regressed, search_text)
            SELECT t.id, t.project_id, t.fingerprint, t.title, t.culprit, t.level, 'unresolved', 0,
                   t.first_seen, t.last_seen, false, t.search_text
            FROM unnest(@ids, @project_ids, @fingerprints, @titles, @culprits, @levels, @first_seen, @last_seen, @search_texts)
                 WITH ORDINALITY AS t(id, project_id, fingerprint, title, culprit, level, first_seen, last_seen, search_text, position)
            ORDER BY t.position
            ON CONFLICT (project_id, fingerprint) DO UPDATE SET
                first_seen = LEAST(issues.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(issues.last_seen, EXCLUDED.last_seen),
                -- Every right-hand side reads the row as it was before this update.
                status = CASE
                    WHEN issues.status = 'ignored' AND NOT issues.id = ANY(@released) THEN 'ignored'
                    WHEN issues.status = 'resolved' AND issues.resolved_after_release IS NOT NULL
                         AND NOT issues.id = ANY(@released) THEN 'resolved'
                    ELSE 'unresolved' END,
                regressed = issues.regressed OR (issues.status = 'resolved'
                    AND (issues.resolved_after_release IS NULL OR issues.id = ANY(@released))),
                returned_from_ignore_at = CASE WHEN issues.status = 'ignored' AND issues.id = ANY(@released)
                    THEN @now ELSE issues.returned_from_ignore_at END
            RETURNING id, (xmax = 0) AS created, status,
                -- A subquery in RETURNING reads the statement's starting snapshot: the row as it was before.
                (SELECT prior.status FROM issues prior WHERE prior.id = issues.id) AS prior_status
            """, connection);
        command.Parameters.Add(new("released", released.ToArray()));
        command.Parameters.Add(new("now", now.ToUniversalTime()));
        command.Parameters.Add(new("ids", groups.Select(_ => Guid.CreateVersion7()).ToArray()));
        command.Parameters.Add(new("project_ids", groups.Select(g => g.First.ProjectId).ToArray()));
        command.Parameters.Add(new("fingerprints", groups.Select(g => g.First.Fingerprint).ToArray()));
        command.Parameters.Add(new("titles", groups.Select(g => g.First.Title).ToArray()));
        command.Parameters.Add(new("culprits", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = groups.Select(g => g.First.Culprit).ToArray() });
        command.Parameters.Add(new("levels", groups.Select(g => SnakeCaseEnumConverter<EventLevel>.ToDatabase(g.First.Level)).ToArray()));
        command.Parameters.Add(new("first_seen", groups.Select(g => g.FirstSeen.ToUniversalTime()).ToArray()));
        command.Parameters.Add(new("last_seen", groups.Select(g => g.LastSeen.ToUniversalTime()).ToArray()));
        command.Parameters.Add(new("search_texts", groups.Select(g => g.First.SearchText).ToArray()));

        var changes = IssueChanges.None();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetGuid(0);
            var wasBecame = (Prior: reader.IsDBNull(3) ? null : reader.GetString(3), Now: reader.GetString(2));
            if (reader.GetBoolean(1))
            {
                changes.Created.Add(id);
            }
            else if (wasBecame is ("resolved", "unresolved"))
            {
                changes.Reopened.Add(id);
            }
            else if (wasBecame is ("ignored", "unresolved"))
            {
                changes.Returned.Add(id);
            }
        }
        return changes;
    }

    // Inserts the events under their issues and, in the same statement, adds them to the issues' counts, the
    // hourly counts and the project's daily total, and records the releases the project never sent before: only
    // rows really inserted are counted.
    private static async Task<Dictionary<(Guid, Guid), Guid>> InsertEventsAsync(NpgsqlConnection connection, List<PendingEvent> fresh)
    {
        await using var command = new NpgsqlCommand("""
            WITH inserted AS (
                INSERT INTO events (id, issue_id, project_id, event_id, occurred_at, received_at, platform, level, message,
                                    release, server_name, sdk, exception, request, environment, tags, extra)
                SELECT t.id, i.id, t.project_id, t.event_id, t.occurred_at, t.received_at, t.platform, t.level, t.message,
                       t.release, t.server_name, t.sdk, t.exception, t.request, t.environment, t.tags, t.extra
                FROM unnest(@ids, @project_ids, @fingerprints, @event_ids, @occurred_at, @received_at, @platforms, @levels,
                            @messages, @releases, @server_names, @sdks, @exceptions, @requests, @environments, @tags, @extras)
                     AS t(id, project_id, fingerprint, event_id, occurred_at, received_at, platform, level, message,
                          release, server_name, sdk, exception, request, environment, tags, extra)
                JOIN issues i ON i.project_id = t.project_id AND i.fingerprint = t.fingerprint
                ON CONFLICT (project_id, event_id) DO NOTHING
                RETURNING issue_id, project_id, event_id, occurred_at, received_at, release
            ),
            releases AS (
                INSERT INTO project_releases (project_id, version, first_seen)
                SELECT project_id, release, min(received_at) FROM inserted WHERE release IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (project_id, version) DO NOTHING
            ),
            issue_counts AS (
                UPDATE issues SET event_count = issues.event_count + c.n
                FROM (SELECT issue_id, count(*) AS n FROM inserted GROUP BY issue_id) c
                WHERE issues.id = c.issue_id
            ),
            hourly AS (
                INSERT INTO issue_hourly_counts (issue_id, hour, count)
                SELECT issue_id, date_trunc('hour', occurred_at), count(*) FROM inserted GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_hourly_counts.count + EXCLUDED.count
            ),
            daily AS (
                INSERT INTO project_daily_stats (project_id, day, received, dropped)
                SELECT project_id, (now() AT TIME ZONE 'UTC')::date, count(*), 0 FROM inserted GROUP BY 1 ORDER BY 1
                ON CONFLICT (project_id, day) DO UPDATE SET received = project_daily_stats.received + EXCLUDED.received
            )
            SELECT project_id, event_id, issue_id FROM inserted
            """, connection);
        command.Parameters.Add(new("ids", fresh.Select(_ => Guid.CreateVersion7()).ToArray()));
        command.Parameters.Add(new("project_ids", fresh.Select(e => e.ProjectId).ToArray()));
        command.Parameters.Add(new("fingerprints", fresh.Select(e => e.Fingerprint).ToArray()));
        command.Parameters.Add(new("event_ids", fresh.Select(e => e.EventId).ToArray()));
        command.Parameters.Add(new("occurred_at", fresh.Select(e => e.OccurredAt.ToUniversalTime()).ToArray()));
        command.Parameters.Add(new("received_at", fresh.Select(e => e.ReceivedAt.ToUniversalTime()).ToArray()));
        command.Parameters.Add(Texts("platforms", fresh.Select(e => e.Platform)));
        command.Parameters.Add(Texts("levels", fresh.Select(e => SnakeCaseEnumConverter<EventLevel>.ToDatabase(e.Level))));
        command.Parameters.Add(Texts("messages", fresh.Select(e => e.Message)));
        command.Parameters.Add(Texts("releases", fresh.Select(e => e.Release)));
        command.Parameters.Add(Texts("server_names", fresh.Select(e => e.ServerName)));
        command.Parameters.Add(Documents("sdks", fresh.Select(e => e.Sdk)));
        command.Parameters.Add(Documents("exceptions", fresh.Select(e => e.Exception)));
        command.Parameters.Add(Documents("requests", fresh.Select(e => e.Request)));
        command.Parameters.Add(Documents("environments", fresh.Select(e => e.Environment)));
        command.Parameters.Add(Documents("tags", fresh.Select(e => e.Tags)));
        command.Parameters.Add(Documents("extras", fresh.Select(e => e.Extra)));

        var inserted = new Dictionary<(Guid, Guid), Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            inserted[(reader.GetGuid(0), reader.GetGuid(1))] = reader.GetGuid(2);
        }
        return inserted;
    }

    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static NpgsqlParameter Documents(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = values.ToArray() };

    private sealed record PendingWrite(PendingEvent Event, long Bytes)
    {
        public TaskCompletionSource<StoredEvent> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
