namespace FiveHundreds.Ingest.Infrastructure;

// The SQL that keeps project_storage and project_storage_days true when events go. The intake adds to both as it
// inserts (EventWriter); whatever deletes events or drops their partitions takes off what they added, in the same
// statement or transaction, so that the Projects page answers what is really kept without scanning the events.
internal static class StorageCounters
{
    // What an event (alias e) added to the counters: its stored_bytes, or for an event stored before those were
    // kept, its row's size as the counters were filled from then (the ProjectStorageDays migration).
    public const string EventBytes = "coalesce(e.stored_bytes, pg_column_size(e.*))";

    // One statement that deletes events and takes them off their projects' counters; its single value is the
    // number of events deleted. `delete` is a DELETE FROM events e ... without RETURNING; `ctes` are common table
    // expressions it uses, or empty. The oldest kept event is left to RefreshOldest: finding it reads an index
    // per partition, too much for each of the per-issue cap's many small deletes.
    public static string CountedDelete(string ctes, string delete) => $"""
        WITH {(ctes.Length == 0 ? "" : ctes + ",")}
        deleted AS (
            {delete}
            RETURNING e.project_id, (e.received_at AT TIME ZONE 'UTC')::date AS day, {EventBytes} AS bytes
        ),
        per_day AS (
            SELECT project_id, day, count(*) AS events, sum(bytes) AS bytes FROM deleted GROUP BY 1, 2
        ),
        days AS (
            UPDATE project_storage_days d SET events = d.events - p.events, bytes = d.bytes - p.bytes
            FROM per_day p WHERE d.project_id = p.project_id AND d.day = p.day
        ),
        totals AS (
            UPDATE project_storage s SET events = s.events - p.events, bytes = s.bytes - p.bytes
            FROM (SELECT project_id, sum(events) AS events, sum(bytes) AS bytes FROM per_day GROUP BY 1) p
            WHERE s.project_id = p.project_id
        )
        SELECT count(*) FROM deleted
        """;

    // After a partition of the days [@from_day, @to_day) was dropped, in its transaction (which holds the events
    // table's lock): those days' counts come off their projects' totals, and the oldest kept event is found again.
    public const string ForgetDroppedDays = """
        WITH gone AS (
            DELETE FROM project_storage_days WHERE day >= @from_day AND day < @to_day
            RETURNING project_id, events, bytes
        )
        UPDATE project_storage s SET events = s.events - g.events, bytes = s.bytes - g.bytes,
            oldest_event_at = (SELECT min(e.received_at) FROM events e WHERE e.project_id = s.project_id)
        FROM (SELECT project_id, sum(events) AS events, sum(bytes) AS bytes FROM gone GROUP BY 1) g
        WHERE s.project_id = g.project_id
        """;

    // The oldest kept event of the projects that lost events (@projects), found again after deletes (through the
    // project's arrival index); the others' counters, which the intake's group commit also updates, stay unlocked.
    // The intake may insert meanwhile: a project that just received its first events keeps the time the intake
    // wrote, which this statement's snapshot cannot see.
    public const string RefreshOldest = """
        UPDATE project_storage s SET oldest_event_at = CASE WHEN s.events = 0 THEN NULL ELSE
            coalesce((SELECT min(e.received_at) FROM events e WHERE e.project_id = s.project_id), s.oldest_event_at) END
        WHERE s.project_id = ANY(@projects)
        """;
}
