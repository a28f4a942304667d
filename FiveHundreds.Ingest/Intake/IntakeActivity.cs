using FiveHundreds.Ingest.Infrastructure.EntityConfigurations;
using FiveHundreds.TriageApi.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace FiveHundreds.Ingest.Intake;

// The activity log's entries that no caller of the triage API makes: "created", "regressed" and "returned from
// ignore", written by the group commit and by IgnoreExpiry in the transaction that made them so. One statement, and
// only for issues that changed, never one row per event.
public static class IntakeActivity
{
    // A bug reported by hand (an event in reported with ReportedBy) names who reported it.
    public static async Task RecordAsync(NpgsqlConnection connection, IssueChanges changes, IReadOnlyList<PendingEvent> reported, DateTimeOffset now)
    {
        var entries = changes.Created.Select(id => (IssueId: id, Kind: IssueActivityKind.Created))
            .Concat(changes.Reopened.Select(id => (IssueId: id, Kind: IssueActivityKind.Regressed)))
            .Concat(changes.Returned.Select(id => (IssueId: id, Kind: IssueActivityKind.ReturnedFromIgnore)))
            .ToList();
        if (entries.Count == 0)
        {
            return;
        }
        var reporters = reported
            .Where(e => e.ReportedBy is not null)
            .DistinctBy(e => (e.ProjectId, e.Fingerprint))
            .ToList();

        await using var command = new NpgsqlCommand("""
            INSERT INTO issue_activities (id, issue_id, project_id, kind, occurred_at, actor_name, actor_user_id, via_token)
            SELECT t.id, i.id, i.project_id, t.kind, @now, r.actor_name, r.actor_user_id, r.via_token
            FROM unnest(@ids, @issue_ids, @kinds) AS t(id, issue_id, kind)
            JOIN issues i ON i.id = t.issue_id
            LEFT JOIN unnest(@reporter_projects, @reporter_fingerprints, @actor_names, @actor_user_ids, @via_tokens)
                 AS r(project_id, fingerprint, actor_name, actor_user_id, via_token)
                 ON r.project_id = i.project_id AND r.fingerprint = i.fingerprint
            """, connection);
        command.Parameters.Add(new("now", now.ToUniversalTime()));
        command.Parameters.Add(new("ids", entries.Select(_ => Guid.CreateVersion7()).ToArray()));
        command.Parameters.Add(new("issue_ids", entries.Select(e => e.IssueId).ToArray()));
        command.Parameters.Add(EventWriter.Texts("kinds", entries.Select(e => SnakeCaseEnumConverter<IssueActivityKind>.ToDatabase(e.Kind))));
        command.Parameters.Add(new("reporter_projects", reporters.Select(e => e.ProjectId).ToArray()));
        command.Parameters.Add(EventWriter.Texts("reporter_fingerprints", reporters.Select(e => e.Fingerprint)));
        command.Parameters.Add(EventWriter.Texts("actor_names", reporters.Select(e => e.ReportedBy!.Name)));
        command.Parameters.Add(new("actor_user_ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = reporters.Select(e => e.ReportedBy!.UserId).ToArray() });
        command.Parameters.Add(EventWriter.Texts("via_tokens", reporters.Select(e => e.ReportedBy!.ViaToken)));
        await command.ExecuteNonQueryAsync();
    }
}
