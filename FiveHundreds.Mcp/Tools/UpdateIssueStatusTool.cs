using System.ComponentModel;
using FiveHundreds.Mcp.Formatting;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FiveHundreds.Mcp.Tools;

[McpServerToolType]
public sealed class UpdateIssueStatusTool(TriageApiClient triage)
{
    public const string Name = "update_issue_status";

    public const string ToolDescription =
        "Mark an error issue in FiveHundreds, an error tracker, as resolved (fixed), ignore it, or reopen it as " +
        "unresolved. Resolve an issue once its fix is deployed; if the error happens again afterwards, FiveHundreds " +
        "reopens it by itself and flags it as regressed. With in_next_release, only an event from a release newer than " +
        "the newest one seen now reopens it. Ignore an issue that is noise: forever, until ignore_until, until " +
        "ignore_more_events more events arrive, or until ignore_more_users more users are hit; its events are still counted, and when the condition passes it " +
        "returns as unresolved. Resolved and ignored issues no longer appear in list_issues with status " +
        "\"unresolved\". Returns the updated issue.";

    public const string StatusDescription =
        "The new status: \"resolved\" to mark the issue as fixed, \"ignored\" to mute it, or \"unresolved\" to reopen it.";

    public const string InNextReleaseDescription =
        "Only with status \"resolved\": true to resolve in the next release, so that events from the release already " +
        "deployed (or older) leave it resolved. Needs the project's events to name releases.";

    public const string IgnoreUntilDescription =
        "Only with status \"ignored\": the time the ignore ends, ISO 8601 with a time zone, such as \"2026-12-24T18:00:00Z\".";

    public const string IgnoreMoreEventsDescription =
        "Only with status \"ignored\": the ignore ends when this many more events arrive (a whole number from 1). " +
        "Give at most one of ignore_until, ignore_more_events and ignore_more_users; none of them ignores forever.";

    public const string IgnoreMoreUsersDescription =
        "Only with status \"ignored\": the ignore ends when this many more users (distinct user ids, else emails, else " +
        "IP addresses of the events) are hit than when it was ignored (a whole number from 1).";

    [McpServerTool(Name = Name, Title = "Resolve, ignore or reopen an error issue", ReadOnly = false, Destructive = false,
        Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(IssueView))]
    [Description(ToolDescription)]
    public async Task<CallToolResult> UpdateIssueStatusAsync(
        [Description(GetIssueTool.IssueIdDescription)] string issue_id,
        [Description(StatusDescription)] string status,
        [Description(InNextReleaseDescription)] bool in_next_release = false,
        [Description(IgnoreUntilDescription)] string? ignore_until = null,
        [Description(IgnoreMoreEventsDescription)] long? ignore_more_events = null,
        [Description(IgnoreMoreUsersDescription)] long? ignore_more_users = null,
        CancellationToken cancellationToken = default)
    {
        var issueId = ToolArguments.IssueId(issue_id);
        var newStatus = ToolArguments.Status(status);
        var until = ToolArguments.Time("ignore_until", ignore_until);
        // The triage API checks the combination and says what is wrong; the tool only shapes the request.
        var ignore = until is not null || ignore_more_events is not null || ignore_more_users is not null
            ? new IgnoreConditionDto(until, ignore_more_events, ignore_more_users)
            : null;
        var request = new UpdateIssueRequest(newStatus, ignore ?? (newStatus == IssueStatus.Ignored ? new IgnoreConditionDto() : null), in_next_release);
        var updated = await TriageLookups.ForIssueAsync(issueId,
            () => triage.UpdateIssueAsync(issueId, request, cancellationToken));

        var view = IssueViews.ToView(updated);
        return ToolResults.Success(IssueMarkdown.IssueChange($"Issue is now {WireWords.Of(view.Status)}.", view), view);
    }
}
