using System.ComponentModel;
using FiveHundreds.Mcp.Formatting;
using FiveHundreds.TriageApi.Client;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FiveHundreds.Mcp.Tools;

[McpServerToolType]
public sealed class MergeIssuesTool(TriageApiClient triage)
{
    public const string Name = "merge_issues";

    public const string ToolDescription =
        "Merge error issues of one project in FiveHundreds, an error tracker, into one of them, when they are the " +
        "same bug grouped apart (for example the same failure raised from two call sites). The other issues' events, " +
        "counts, users affected and top values move to the target, and their later events are filed under the target " +
        "too. The merged issues are deleted; this cannot be undone, so check with get_issue first that they really " +
        "are one bug. Returns the target issue with its combined counts.";

    public const string TargetDescription =
        "The id (a UUID) of the issue to keep, from the id field of a list_issues result; the others are merged into it.";

    public const string IssueIdsDescription =
        "The ids (UUIDs) of the issues to merge into the target, from list_issues; at least one, all of the target's project.";

    [McpServerTool(Name = Name, Title = "Merge error issues into one", ReadOnly = false, Destructive = true,
        Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(IssueView))]
    [Description(ToolDescription)]
    public async Task<CallToolResult> MergeIssuesAsync(
        [Description(TargetDescription)] string target_issue_id,
        [Description(IssueIdsDescription)] string[] issue_ids,
        CancellationToken cancellationToken = default)
    {
        var target = ToolArguments.IssueId(target_issue_id);
        var issues = (issue_ids ?? []).Select(ToolArguments.IssueId).ToList();
        if (issues.Count == 0)
        {
            throw new McpException("issue_ids is empty: name at least one issue to merge into the target.");
        }
        var merged = await triage.MergeIssuesAsync(target, issues, cancellationToken);

        var view = IssueViews.ToView(merged);
        return ToolResults.Success(IssueMarkdown.IssueChange($"Merged {issues.Count} issue{(issues.Count == 1 ? "" : "s")} into this one.", view), view);
    }
}
