using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Alerts;

// Reads what a notification shows: the issue as it is now, its latest event's release, environment and frames.
public sealed class AlertNotificationFactory(FiveHundredsDbContext db, IOptions<DashboardOptions> dashboard, StorageGuard storage)
{
    public async Task<AlertNotification> ForIssueAsync(Guid deliveryId, AlertRule rule, AlertTrigger trigger, Guid issueId, long heldBackEvents, CancellationToken ct)
    {
        var issue = await db.Issues.AsNoTracking().SingleAsync(i => i.Id == issueId, ct);
        var projectName = await ProjectNameAsync(rule.ProjectId, ct);
        var latest = await db.Events.AsNoTracking()
            .Where(e => e.IssueId == issueId)
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .FirstOrDefaultAsync(ct);
        var latestDto = latest is null ? null : TriageReader.ToEventDto(latest);
        return new AlertNotification(
            deliveryId, IsTest: false, trigger, rule.Name, FrequencyOf(rule), rule.ProjectId, projectName, issue.Id,
            issue.Title, issue.Culprit, issue.Level, latestDto?.Tags?.GetValueOrDefault("environment"), latestDto?.Release,
            issue.EventCount, issue.FirstSeen, issue.LastSeen, AlertNotification.TopFramesOf(latestDto),
            dashboard.Value.IssueUrl(issue.Id), heldBackEvents);
    }

    // About no issue: the storage guard's reason, as this replica's guard sees it when the alert is sent.
    public async Task<AlertNotification> ForStorageAsync(Guid deliveryId, AlertRule rule, CancellationToken ct) =>
        new(deliveryId, IsTest: false, AlertTrigger.StorageFull, rule.Name, FrequencyDescription: null, rule.ProjectId,
            await ProjectNameAsync(rule.ProjectId, ct), IssueId: null,
            storage.Refusal ?? "The database's storage ran low; the intake refused new events for a while.",
            Culprit: null, EventLevel.Fatal, Environment: null, Release: null, EventCount: 0, FirstSeen: null, LastSeen: null,
            TopAppFrames: [], IssueUrl: null, HeldBackEvents: 0);

    // A test alert shows a made-up issue, so that the receiving side can be checked before any real error.
    public async Task<AlertNotification> ForTestAsync(Guid deliveryId, AlertRule rule, CancellationToken ct) =>
        new(deliveryId, IsTest: true, rule.Trigger, rule.Name, FrequencyOf(rule), rule.ProjectId,
            await ProjectNameAsync(rule.ProjectId, ct), IssueId: null, "This is a test alert from FiveHundreds",
            "alerts.test in send_test_alert", EventLevel.Info, Environment: null, Release: null, EventCount: 0,
            FirstSeen: null, LastSeen: null, ["alerts/test.py:1 in send_test_alert"], IssueUrl: null, HeldBackEvents: 0);

    private Task<string> ProjectNameAsync(Guid projectId, CancellationToken ct) =>
        db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.Name).SingleAsync(ct);

    private static string? FrequencyOf(AlertRule rule) =>
        rule.Trigger == AlertTrigger.Frequency ? $"at least {rule.FrequencyCount} events within {rule.FrequencyWindowMinutes} minutes" : null;
}
