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
        "Mark an error issue in FiveHundreds, an error tracker, as resolved (fixed) or reopen it as unresolved. " +
        "Resolve an issue once its fix is deployed; if the error happens again afterwards, FiveHundreds reopens it " +
        "by itself and flags it as regressed. Resolved issues no longer appear in list_issues with status " +
        "\"unresolved\". Setting the status an issue already has changes nothing. Returns the updated issue.";

    public const string StatusDescription =
        "The new status: \"resolved\" to mark the issue as fixed, or \"unresolved\" to reopen it.";

    [McpServerTool(Name = Name, Title = "Resolve or reopen an error issue", ReadOnly = false, Destructive = false,
        Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(IssueView))]
    [Description(ToolDescription)]
    public async Task<CallToolResult> UpdateIssueStatusAsync(
        [Description(GetIssueTool.IssueIdDescription)] string issue_id,
        [Description(StatusDescription)] string status,
        CancellationToken cancellationToken = default)
    {
        var issueId = ToolArguments.IssueId(issue_id);
        var newStatus = ToolArguments.Status(status);
        var updated = await TriageLookups.ForIssueAsync(issueId,
            () => triage.UpdateIssueStatusAsync(issueId, newStatus, cancellationToken));

        var view = IssueViews.ToView(updated);
        return ToolResults.Success(IssueMarkdown.IssueChange($"Issue is now {WireWords.Of(view.Status)}.", view), view);
    }
}
