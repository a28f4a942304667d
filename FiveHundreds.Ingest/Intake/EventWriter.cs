using System.Diagnostics;
using System.Threading.Channels;
using FiveHundreds.Ingest.Alerts;
using FiveHundreds.Ingest.Infrastructure;
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
            var stored = await StoreRetryingConflictsAsync(batch.Select(w => w.Event).ToList());
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

    // Class 22 (data exception) and 23 (integrity violation): the data, not the database, is at fault. Except an
    // event for a day without a partition (a check violation of no named constraint): that is the database's
    // state, so its sender is told to retry rather than that its event is refused.
    private static bool IsDataError(PostgresException ex) =>
        ex.SqlState.StartsWith("22") || (ex.SqlState.StartsWith("23") && !IsMissingPartition(ex));

    private static bool IsMissingPartition(PostgresException ex) =>
        ex.SqlState == PostgresErrorCodes.CheckViolation && ex.ConstraintName is null;

    // A batch whose transaction PostgreSQL rolled back to break a deadlock (with a retention pass or a merge that
    // locks the same counters in another order) is written again at once, as PostgreSQL advises, before its senders
    // are told to retry.
    private Task<StoredEvent[]> StoreRetryingConflictsAsync(List<PendingEvent> events) =>
        TransactionConflicts.RetryAsync(() => StoreAsync(events), ex =>
            logger.LogInformation("A batch of {Count} events was rolled back by a conflict ({SqlState}); writing it again.", events.Count, ex.SqlState));

    private async Task<StoredEvent[]> StoreAsync(List<PendingEvent> events)
    {
        NpgsqlConnection connection;
        using (var opening = new CancellationTokenSource(OpenTimeout))
        {
            connection = await dataSource.OpenConnectionAsync(opening.Token);
        }
        await using var _ = connection;
        await using var transaction = await connection.BeginTransactionAsync();

        // Shared with other commits, exclusive to a merge: a merge never runs between this commit's reading of
        // the merged fingerprints and its writing of the events under them.
        await using (var locking = new NpgsqlCommand("SELECT pg_advisory_xact_lock_shared(@key)", connection))
        {
            locking.Parameters.Add(new("key", IssueMergeLock.Key));
            await locking.ExecuteNonQueryAsync();
        }
        events = await FollowMergedFingerprintsAsync(connection, events);

        var keys = events.Select(e => (e.ProjectId, e.EventId)).Distinct().ToList();
        var alreadyStored = await FindStoredAsync(connection, keys);

        // The first of several sends of one event_id in this batch is written; the others share its answer.
        var fresh = events
            .Where(e => !alreadyStored.ContainsKey((e.ProjectId, e.EventId)))
            .DistinctBy(e => (e.ProjectId, e.EventId))
            .ToList();

        var issueChanges = IssueChanges.None();
        var inserted = new Dictionary<(Guid, Guid), Inserted>();
        var alertsQueued = false;
        if (fresh.Count > 0)
        {
            var now = clock.GetUtcNow();
            var released = await ReleasedHoldsAsync(connection, fresh, now);
            issueChanges = await UpsertIssuesAsync(connection, fresh, released, now);
            inserted = await InsertEventsAsync(connection, fresh);
            var written = fresh.Where(e => inserted.ContainsKey((e.ProjectId, e.EventId)))
                .Select(e => (IssueId: inserted[(e.ProjectId, e.EventId)].IssueId, Event: e)).ToList();
            await AddUsersAsync(connection, written);
            issueChanges.Returned.UnionWith(await ReturnedByUsersAsync(connection, written, now));
            await CountFacetsAsync(connection, written);
            await IntakeActivity.RecordAsync(connection, issueChanges, fresh, now);
            // The alert outbox: intents commit with the events that cause them, or not at all.
            alertsQueued = await alertOutbox.WriteIntentsAsync(connection, fresh, inserted.ToDictionary(i => i.Key, i => i.Value.IssueId), issueChanges);
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
                return earlier with { NewIssue = false, StoredBytes = 0 };
            }
            var stored = inserted.TryGetValue(key, out var row)
                ? new StoredEvent(e.EventId, row.IssueId, issueChanges.Created.Contains(row.IssueId) && issuesAnnounced.Add(row.IssueId), row.Bytes)
                : new StoredEvent(e.EventId, alreadyStored[key], false, 0);
            answered[key] = stored;
            return stored;
        })];
    }

    // Events whose fingerprint belonged to an issue since merged into another take the target's fingerprint, so
    // that everything after this files them under the target.
    private static async Task<List<PendingEvent>> FollowMergedFingerprintsAsync(NpgsqlConnection connection, List<PendingEvent> events)
    {
        var pairs = events.Select(e => (e.ProjectId, e.Fingerprint)).Distinct().ToList();
        await using var command = new NpgsqlCommand("""
            SELECT a.project_id, a.fingerprint, i.fingerprint
            FROM unnest(@project_ids, @fingerprints) AS k(project_id, fingerprint)
            JOIN issue_fingerprint_aliases a ON a.project_id = k.project_id AND a.fingerprint = k.fingerprint
            JOIN issues i ON i.id = a.issue_id
            """, connection);
        command.Parameters.Add(new("project_ids", pairs.Select(p => p.ProjectId).ToArray()));
        command.Parameters.Add(new("fingerprints", pairs.Select(p => p.Fingerprint).ToArray()));
        var targets = new Dictionary<(Guid, string), string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                targets[(reader.GetGuid(0), reader.GetString(1))] = reader.GetString(2);
            }
        }
        return targets.Count == 0
            ? events
            : [.. events.Select(e => targets.TryGetValue((e.ProjectId, e.Fingerprint), out var target) ? e with { Fingerprint = target } : e)];
    }

    private static async Task<Dictionary<(Guid, Guid), Guid>> FindStoredAsync(NpgsqlConnection connection, List<(Guid ProjectId, Guid EventId)> keys)
    {
        await using var command = new NpgsqlCommand("""
            SELECT e.project_id, e.event_id, e.issue_id
            FROM unnest(@project_ids, @event_ids) AS k(project_id, event_id)
            JOIN event_keys e ON e.project_id = k.project_id AND e.event_id = k.event_id
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
            .Select(g => (First: g.First(), FirstSeen: g.Min(e => e.OccurredAt), LastSeen: g.Max(e => e.OccurredAt),
                Released: g.Where(e => e.Release is not null).OrderBy(e => e.OccurredAt).ToList()))
            .ToList();

        await using var command = new NpgsqlCommand("""
            INSERT INTO issues (id, project_id, fingerprint, title, culprit, level, status, event_count, users_affected,
                                first_seen, last_seen, regressed, search_text, first_release, last_release)
            SELECT t.id, t.project_id, t.fingerprint, t.title, t.culprit, t.level, 'unresolved', 0, 0,
                   t.first_seen, t.last_seen, false, t.search_text, t.first_release, t.last_release
            FROM unnest(@ids, @project_ids, @fingerprints, @titles, @culprits, @levels, @first_seen, @last_seen, @search_texts,
                        @first_releases, @last_releases)
                 WITH ORDINALITY AS t(id, project_id, fingerprint, title, culprit, level, first_seen, last_seen, search_text,
                                      first_release, last_release, position)
            ORDER BY t.position
            ON CONFLICT (project_id, fingerprint) DO UPDATE SET
                first_seen = LEAST(issues.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(issues.last_seen, EXCLUDED.last_seen),
                -- Batches commit in any order: a batch's release replaces the stored one only if it was seen earlier
                -- (first) or later (last) than everything stored.
                first_release = CASE WHEN EXCLUDED.first_release IS NOT NULL AND EXCLUDED.first_seen < issues.first_seen
                                     THEN EXCLUDED.first_release ELSE COALESCE(issues.first_release, EXCLUDED.first_release) END,
                last_release = CASE WHEN EXCLUDED.last_release IS NOT NULL AND EXCLUDED.last_seen >= issues.last_seen
                                    THEN EXCLUDED.last_release ELSE COALESCE(issues.last_release, EXCLUDED.last_release) END,
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
        command.Parameters.Add(Texts("first_releases", groups.Select(g => g.Released.FirstOrDefault()?.Release)));
        command.Parameters.Add(Texts("last_releases", groups.Select(g => g.Released.LastOrDefault()?.Release)));

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

    // Inserts the events under their issues and, in the same statement, adds them to the issues' counts, the hourly
    // and daily counts, the project's daily total and its storage (in all and for the day of its partition), and
    // records the releases the project never sent before. An event is written only when its key is new: the
    // key, not the (partitioned) events table, is unique per project, so a retry with another timestamp is refused
    // the same way, and a concurrent writer of the same key waits for this one and then inserts nothing.
    private static async Task<Dictionary<(Guid, Guid), Inserted>> InsertEventsAsync(NpgsqlConnection connection, List<PendingEvent> fresh)
    {
        await using var command = new NpgsqlCommand("""
            WITH batch AS (
                SELECT t.*, i.id AS issue_id,
                       pg_column_size(ROW(t.id, i.id, t.project_id, t.event_id, t.occurred_at, t.received_at, t.platform, t.level,
                                          t.message, t.release, t.server_name, t.sdk, t.exception, t.request, t.environment,
                                          t.tags, t.extra)) AS stored_bytes
                FROM unnest(@ids, @project_ids, @fingerprints, @event_ids, @occurred_at, @received_at, @platforms, @levels,
                            @messages, @releases, @server_names, @sdks, @exceptions, @requests, @environments, @tags, @extras)
                     AS t(id, project_id, fingerprint, event_id, occurred_at, received_at, platform, level, message,
                          release, server_name, sdk, exception, request, environment, tags, extra)
                JOIN issues i ON i.project_id = t.project_id AND i.fingerprint = t.fingerprint
            ),
            keyed AS (
                INSERT INTO event_keys (project_id, event_id, issue_id, received_at)
                SELECT project_id, event_id, issue_id, received_at FROM batch ORDER BY project_id, event_id
                ON CONFLICT (project_id, event_id) DO NOTHING
                RETURNING project_id, event_id
            ),
            inserted AS (
                INSERT INTO events (id, issue_id, project_id, event_id, occurred_at, received_at, platform, level, message,
                                    release, server_name, sdk, exception, request, environment, tags, extra, stored_bytes)
                SELECT b.id, b.issue_id, b.project_id, b.event_id, b.occurred_at, b.received_at, b.platform, b.level, b.message,
                       b.release, b.server_name, b.sdk, b.exception, b.request, b.environment, b.tags, b.extra, b.stored_bytes
                FROM batch b JOIN keyed k ON k.project_id = b.project_id AND k.event_id = b.event_id
                RETURNING issue_id, project_id, event_id, occurred_at, received_at, release, stored_bytes AS bytes
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
            issue_daily AS (
                INSERT INTO issue_daily_counts (issue_id, day, count)
                SELECT issue_id, (occurred_at AT TIME ZONE 'UTC')::date, count(*) FROM inserted GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (issue_id, day) DO UPDATE SET count = issue_daily_counts.count + EXCLUDED.count
            ),
            daily AS (
                INSERT INTO project_daily_stats (project_id, day, received)
                SELECT project_id, (now() AT TIME ZONE 'UTC')::date, count(*) FROM inserted GROUP BY 1 ORDER BY 1
                ON CONFLICT (project_id, day) DO UPDATE SET received = project_daily_stats.received + EXCLUDED.received
            ),
            storage AS (
                INSERT INTO project_storage (project_id, events, bytes, oldest_event_at)
                SELECT project_id, count(*), sum(bytes), min(received_at) FROM inserted GROUP BY 1 ORDER BY 1
                ON CONFLICT (project_id) DO UPDATE SET
                    events = project_storage.events + EXCLUDED.events,
                    bytes = project_storage.bytes + EXCLUDED.bytes,
                    oldest_event_at = LEAST(project_storage.oldest_event_at, EXCLUDED.oldest_event_at)
            ),
            storage_days AS (
                INSERT INTO project_storage_days (project_id, day, events, bytes)
                SELECT project_id, (received_at AT TIME ZONE 'UTC')::date, count(*), sum(bytes) FROM inserted GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (project_id, day) DO UPDATE SET
                    events = project_storage_days.events + EXCLUDED.events,
                    bytes = project_storage_days.bytes + EXCLUDED.bytes
            )
            SELECT project_id, event_id, issue_id, bytes FROM inserted
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

        var inserted = new Dictionary<(Guid, Guid), Inserted>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            inserted[(reader.GetGuid(0), reader.GetGuid(1))] = new Inserted(reader.GetGuid(2), reader.GetInt32(3));
        }
        return inserted;
    }

    // One row per new user of an issue; the issue's count grows by the rows really inserted, so a user seen
    // before (in this batch or any earlier) is never counted twice.
    private static async Task AddUsersAsync(NpgsqlConnection connection, List<(Guid IssueId, PendingEvent Event)> written)
    {
        var users = written
            .Where(w => w.Event.User is not null)
            .DistinctBy(w => (w.IssueId, w.Event.User!.Key))
            .Select(w => (w.IssueId, User: w.Event.User!))
            .ToList();
        if (users.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand("""
            WITH added AS (
                INSERT INTO issue_users (issue_id, user_key, user_id, email)
                SELECT * FROM unnest(@issue_ids, @keys, @ids, @emails) ORDER BY 1, 2
                ON CONFLICT (issue_id, user_key) DO NOTHING
                RETURNING issue_id
            )
            UPDATE issues SET users_affected = issues.users_affected + a.n
            FROM (SELECT issue_id, count(*) AS n FROM added GROUP BY issue_id) a
            WHERE issues.id = a.issue_id
            """, connection);
        command.Parameters.Add(new("issue_ids", users.Select(u => u.IssueId).ToArray()));
        command.Parameters.Add(Texts("keys", users.Select(u => u.User.Key)));
        command.Parameters.Add(Texts("ids", users.Select(u => u.User.Id)));
        command.Parameters.Add(Texts("emails", users.Select(u => u.User.Email)));
        await command.ExecuteNonQueryAsync();
    }

    // Ignored issues whose new users (counted by AddUsersAsync, just before) reached their condition: unlike events
    // and time, which the upsert checks, a user is known to be new only once its row is in. Their rows are already
    // locked by the upsert, so this takes no lock of its own.
    private static async Task<List<Guid>> ReturnedByUsersAsync(
        NpgsqlConnection connection, List<(Guid IssueId, PendingEvent Event)> written, DateTimeOffset now)
    {
        var withUsers = written.Where(w => w.Event.User is not null).Select(w => w.IssueId).Distinct().ToArray();
        var returned = new List<Guid>();
        if (withUsers.Length == 0)
        {
            return returned;
        }
        await using var command = new NpgsqlCommand("""
            UPDATE issues SET status = 'unresolved', returned_from_ignore_at = @now
            WHERE id = ANY(@issue_ids) AND status = 'ignored' AND ignore_more_users IS NOT NULL
              AND users_affected - ignored_at_users_affected >= ignore_more_users
            RETURNING id
            """, connection);
        command.Parameters.Add(new("issue_ids", withUsers));
        command.Parameters.Add(new("now", now.ToUniversalTime()));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            returned.Add(reader.GetGuid(0));
        }
        return returned;
    }

    // Adds the batch's events to their issues' facet counts, one row per issue, key and value. New keys and values
    // are taken only while the issue is under IssueFacetLimits, and at most that many from one batch.
    private static async Task CountFacetsAsync(NpgsqlConnection connection, List<(Guid IssueId, PendingEvent Event)> written)
    {
        var counts = written
            .SelectMany(w => (w.Event.Facets ?? []).Select(f => (w.IssueId, f.Key, f.Value)))
            .GroupBy(f => f)
            .Select(g => (g.Key.IssueId, g.Key.Key, g.Key.Value, Count: (long)g.Count()))
            .GroupBy(f => f.IssueId)
            .SelectMany(issue => issue
                .GroupBy(f => f.Key)
                .OrderByDescending(key => key.Sum(f => f.Count))
                .Take(IssueFacetLimits.MaxKeysPerIssue)
                .SelectMany(key => key.OrderByDescending(f => f.Count).Take(IssueFacetLimits.MaxValuesPerKey)))
            .ToList();
        if (counts.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO issue_facets (issue_id, key, value, count)
            SELECT t.issue_id, t.key, t.value, t.count
            FROM unnest(@issue_ids, @keys, @values, @counts) AS t(issue_id, key, value, count)
            WHERE EXISTS (SELECT 1 FROM issue_facets f WHERE f.issue_id = t.issue_id AND f.key = t.key AND f.value = t.value)
               OR ((SELECT count(*) FROM (SELECT 1 FROM issue_facets f WHERE f.issue_id = t.issue_id AND f.key = t.key
                                          LIMIT @max_values) kept) < @max_values
                   AND (EXISTS (SELECT 1 FROM issue_facets f WHERE f.issue_id = t.issue_id AND f.key = t.key)
                        OR (SELECT count(DISTINCT f.key) FROM issue_facets f WHERE f.issue_id = t.issue_id) < @max_keys))
            ORDER BY t.issue_id, t.key, t.value
            ON CONFLICT (issue_id, key, value) DO UPDATE SET count = issue_facets.count + EXCLUDED.count
            """, connection);
        command.Parameters.Add(new("issue_ids", counts.Select(c => c.IssueId).ToArray()));
        command.Parameters.Add(Texts("keys", counts.Select(c => c.Key)));
        command.Parameters.Add(Texts("values", counts.Select(c => c.Value)));
        command.Parameters.Add(new("counts", counts.Select(c => c.Count).ToArray()));
        command.Parameters.Add(new("max_values", IssueFacetLimits.MaxValuesPerKey));
        command.Parameters.Add(new("max_keys", (long)IssueFacetLimits.MaxKeysPerIssue));
        await command.ExecuteNonQueryAsync();
    }

    internal static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static NpgsqlParameter Documents(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = values.ToArray() };

    private readonly record struct Inserted(Guid IssueId, int Bytes);

    private sealed record PendingWrite(PendingEvent Event, long Bytes)
    {
        public TaskCompletionSource<StoredEvent> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
