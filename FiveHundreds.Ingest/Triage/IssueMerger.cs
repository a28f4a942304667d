using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Intake;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FiveHundreds.Ingest.Triage;

// Merges issues of one project into one of them, the target: their events and event keys, hourly and daily counts,
// activity, users and facets move to the target, their fingerprints lead there from now on (so later events of any
// of them are the target's),
// and the merged issues are deleted. One transaction, holding IssueMergeLock against the intake's group commits.
public sealed class IssueMerger(TriageReader reader, NpgsqlDataSource dataSource)
{
    public const int MaxIssues = 100;

    public enum Outcome { Merged, NotFound, DifferentProjects }

    public async Task<Outcome> MergeAsync(Guid target, IReadOnlyList<Guid> issues, CancellationToken ct)
    {
        var sources = issues.Where(id => id != target).Distinct().ToList();
        var all = sources.Append(target).ToList();
        // The caller's scope decides what may be merged: an issue it cannot see is one that does not exist.
        var projects = await reader.VisibleIssues().Where(i => all.Contains(i.Id)).Select(i => i.ProjectId).ToListAsync(ct);
        if (projects.Count != all.Count)
        {
            return Outcome.NotFound;
        }
        if (projects.Distinct().Count() > 1)
        {
            return Outcome.DifferentProjects;
        }
        if (sources.Count == 0)
        {
            return Outcome.Merged;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(MergeSql, connection);
        command.Parameters.Add(new("lock_key", IssueMergeLock.Key));
        command.Parameters.Add(new("target", target));
        command.Parameters.Add(new("sources", sources.ToArray()));
        command.Parameters.Add(new("max_values", IssueFacetLimits.MaxValuesPerKey));
        command.Parameters.Add(new("max_keys", IssueFacetLimits.MaxKeysPerIssue));
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcome.Merged;
    }

    // Statement by statement, so each sees the rows the one before changed. Users are copied before the counts
    // are summed: the target's users_affected grows by the users it did not already have.
    private const string MergeSql = """
        SELECT pg_advisory_xact_lock(@lock_key);
        SELECT id FROM issues WHERE id = @target OR id = ANY(@sources) ORDER BY id FOR UPDATE;

        INSERT INTO issue_fingerprint_aliases (project_id, fingerprint, issue_id)
        SELECT project_id, fingerprint, @target FROM issues WHERE id = ANY(@sources)
        ON CONFLICT (project_id, fingerprint) DO UPDATE SET issue_id = EXCLUDED.issue_id;
        UPDATE issue_fingerprint_aliases SET issue_id = @target WHERE issue_id = ANY(@sources);

        UPDATE events SET issue_id = @target WHERE issue_id = ANY(@sources);
        UPDATE event_keys SET issue_id = @target WHERE issue_id = ANY(@sources);
        UPDATE issue_activities SET issue_id = @target WHERE issue_id = ANY(@sources);

        INSERT INTO issue_hourly_counts (issue_id, hour, count)
        SELECT @target, hour, sum(count) FROM issue_hourly_counts WHERE issue_id = ANY(@sources) GROUP BY hour ORDER BY hour
        ON CONFLICT (issue_id, hour) DO UPDATE SET count = issue_hourly_counts.count + EXCLUDED.count;
        INSERT INTO issue_daily_counts (issue_id, day, count)
        SELECT @target, day, sum(count) FROM issue_daily_counts WHERE issue_id = ANY(@sources) GROUP BY day ORDER BY day
        ON CONFLICT (issue_id, day) DO UPDATE SET count = issue_daily_counts.count + EXCLUDED.count;

        INSERT INTO issue_facets (issue_id, key, value, count)
        SELECT @target, key, value, sum(count) FROM issue_facets WHERE issue_id = ANY(@sources)
        GROUP BY key, value ORDER BY key, value
        ON CONFLICT (issue_id, key, value) DO UPDATE SET count = issue_facets.count + EXCLUDED.count;
        -- The merged facets are kept within the same bounds as any issue's: the most frequent keys and values.
        DELETE FROM issue_facets f USING (
            SELECT key, value,
                   row_number() OVER (PARTITION BY key ORDER BY count DESC, value) AS value_rank,
                   dense_rank() OVER (ORDER BY key_total DESC, key) AS key_rank
            FROM (SELECT key, value, count, sum(count) OVER (PARTITION BY key) AS key_total
                  FROM issue_facets WHERE issue_id = @target) counted
        ) ranked
        WHERE f.issue_id = @target AND f.key = ranked.key AND f.value = ranked.value
          AND (ranked.value_rank > @max_values OR ranked.key_rank > @max_keys);

        WITH added AS (
            INSERT INTO issue_users (issue_id, user_key, user_id, email)
            SELECT @target, user_key, user_id, email FROM issue_users WHERE issue_id = ANY(@sources) ORDER BY user_key
            ON CONFLICT (issue_id, user_key) DO NOTHING
            RETURNING 1
        )
        -- The merged issues' users are not new users since the target was ignored: the count at ignoring moves up too.
        UPDATE issues SET users_affected = issues.users_affected + (SELECT count(*) FROM added),
                          ignored_at_users_affected = issues.ignored_at_users_affected + (SELECT count(*) FROM added)
        WHERE issues.id = @target;

        -- The target keeps its status and its ignore: the merged issues' past events are not "more events" since
        -- it was ignored, so the count at ignoring moves up with the count.
        UPDATE issues SET
            ignored_at_event_count = issues.ignored_at_event_count + (merged.event_count - issues.event_count),
            event_count = merged.event_count,
            first_seen = merged.first_seen,
            last_seen = merged.last_seen,
            first_release = merged.first_release,
            last_release = merged.last_release
        FROM (
            SELECT sum(event_count) AS event_count, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
                   (array_agg(first_release ORDER BY first_seen) FILTER (WHERE first_release IS NOT NULL))[1] AS first_release,
                   (array_agg(last_release ORDER BY last_seen DESC) FILTER (WHERE last_release IS NOT NULL))[1] AS last_release
            FROM issues WHERE id = @target OR id = ANY(@sources)
        ) merged
        WHERE issues.id = @target;

        -- A ticket of a merged issue follows it when the target has none; any other is kept, unlinked.
        WITH moved AS (
            UPDATE tickets SET issue_id = @target
            WHERE id = (SELECT ticket_id FROM issues WHERE id = ANY(@sources) AND ticket_id IS NOT NULL ORDER BY first_seen LIMIT 1)
              AND NOT EXISTS (SELECT 1 FROM tickets WHERE issue_id = @target)
            RETURNING id
        )
        UPDATE issues SET ticket_id = moved.id FROM moved WHERE issues.id = @target;
        UPDATE tickets SET issue_id = NULL WHERE issue_id = ANY(@sources);

        UPDATE alert_deliveries SET issue_id = @target WHERE issue_id = ANY(@sources);
        DELETE FROM issues WHERE id = ANY(@sources);
        """;
}
