using System.Text.Json;
using FiveHundreds.Ingest.Infrastructure.EntityConfigurations;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.TriageApi.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace FiveHundreds.Ingest.Alerts;

// The intake's side of the transactional outbox: inside the group commit's transaction, records which rule
// an issue's newly stored events trigger. One row per rule and issue per batch, however many events.
public sealed class AlertOutbox(AlertRuleCache rules)
{
    // Answers whether intents were written, so the caller wakes the dispatcher once the transaction committed.
    public async Task<bool> WriteIntentsAsync(
        NpgsqlConnection connection, IReadOnlyList<PendingEvent> fresh, IReadOnlyDictionary<(Guid, Guid), Guid> inserted,
        IssueChanges changes)
    {
        var rulesByProject = await rules.GetAsync();
        if (rulesByProject.Count == 0)
        {
            return false;
        }

        var intents = new Dictionary<(Guid RuleId, Guid IssueId), (AlertTrigger Trigger, int Events)>();
        foreach (var e in fresh)
        {
            if (!rulesByProject.TryGetValue(e.ProjectId, out var projectRules)
                || !inserted.TryGetValue((e.ProjectId, e.EventId), out var issueId))
            {
                continue;
            }
            string? environment = null;
            var environmentRead = false;
            foreach (var rule in projectRules)
            {
                var triggered = rule.Trigger switch
                {
                    AlertTrigger.NewIssue => changes.Created.Contains(issueId),
                    AlertTrigger.Regression => changes.Reopened.Contains(issueId),
                    // Raised by the storage guard (StorageAlerts), never by an event.
                    AlertTrigger.StorageFull => false,
                    AlertTrigger.ReturnedFromIgnore => changes.Returned.Contains(issueId),
                    _ => true,
                };
                if (!triggered)
                {
                    continue;
                }
                if (rule.Environment is not null && !environmentRead)
                {
                    environment = EnvironmentTag(e.Tags);
                    environmentRead = true;
                }
                if (rule.Matches(e.Level, e.Title, e.Culprit, environment))
                {
                    var key = (rule.RuleId, issueId);
                    intents[key] = (rule.Trigger, intents.GetValueOrDefault(key).Events + 1);
                }
            }
        }
        return await InsertAsync(connection, intents);
    }

    // Issues whose ignore ended at its time, found by the periodic check rather than by an event: there is no
    // event whose environment a rule could match, so rules limited to an environment do not fire for them.
    public async Task<bool> WriteReturnedIntentsAsync(NpgsqlConnection connection, IReadOnlyList<ReturnedIssue> issues)
    {
        var rulesByProject = await rules.GetAsync();
        var intents = new Dictionary<(Guid RuleId, Guid IssueId), (AlertTrigger Trigger, int Events)>();
        foreach (var issue in issues)
        {
            foreach (var rule in rulesByProject.GetValueOrDefault(issue.ProjectId, []))
            {
                if (rule.Trigger == AlertTrigger.ReturnedFromIgnore && rule.Matches(issue.Level, issue.Title, issue.Culprit, null))
                {
                    intents[(rule.RuleId, issue.Id)] = (rule.Trigger, 0);
                }
            }
        }
        return await InsertAsync(connection, intents);
    }

    private static async Task<bool> InsertAsync(NpgsqlConnection connection, Dictionary<(Guid RuleId, Guid IssueId), (AlertTrigger Trigger, int Events)> intents)
    {
        if (intents.Count == 0)
        {
            return false;
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO alert_intents (rule_id, issue_id, trigger, event_count)
            SELECT * FROM unnest(@rule_ids, @issue_ids, @triggers, @event_counts)
            """, connection);
        command.Parameters.Add(new("rule_ids", intents.Keys.Select(k => k.RuleId).ToArray()));
        command.Parameters.Add(new("issue_ids", intents.Keys.Select(k => k.IssueId).ToArray()));
        command.Parameters.Add(new("triggers", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = intents.Values.Select(v => SnakeCaseEnumConverter<AlertTrigger>.ToDatabase(v.Trigger)).ToArray(),
        });
        command.Parameters.Add(new("event_counts", intents.Values.Select(v => v.Events).ToArray()));
        await command.ExecuteNonQueryAsync();
        return true;
    }

    // The deploy environment travels as the tag "environment" (Sentry's environment is mapped onto it).
    private static string? EnvironmentTag(string? tags)
    {
        if (tags is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(tags);
        return document.RootElement.ValueKind == JsonValueKind.Object
               && document.RootElement.TryGetProperty("environment", out var value)
               && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }
}

// An issue the periodic check returned from ignore, with what alert rules match on.
public sealed record ReturnedIssue(Guid Id, Guid ProjectId, EventLevel Level, string Title, string? Culprit);
