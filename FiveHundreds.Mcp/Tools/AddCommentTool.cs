using System.ComponentModel;
using FiveHundreds.Mcp.Formatting;
using FiveHundreds.TriageApi.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FiveHundreds.Mcp.Tools;

[McpServerToolType]
public sealed class AddCommentTool(TriageApiClient triage)
{
    public const string Name = "add_comment";

    public const string ToolDescription =
        "Add a comment to an error issue in FiveHundreds, an error tracker: a note for the team, such as what you " +
        "found about the cause, the fix you propose or made, or why the issue can wait. The comment appears in the " +
        "issue's activity log in the dashboard and in get_issue, with the name of your access token. It is Markdown, " +
        "shown as written. Each call adds a new comment, so do not repeat a call that succeeded. Returns the comment.";

    public const string BodyDescription =
        "The comment, in Markdown, not empty. A comment longer than FiveHundreds keeps is refused with its limit.";

    [McpServerTool(Name = Name, Title = "Comment on an error issue", ReadOnly = false, Destructive = false,
        Idempotent = false, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ActivityView))]
    [Description(ToolDescription)]
    public async Task<CallToolResult> AddCommentAsync(
        [Description(GetIssueTool.IssueIdDescription)] string issue_id,
        [Description(BodyDescription)] string body,
        CancellationToken cancellationToken = default)
    {
        var issueId = ToolArguments.IssueId(issue_id);
        var comment = ToolArguments.Required("body", body);
        var added = await TriageLookups.ForIssueAsync(issueId, () => triage.AddCommentAsync(issueId, comment, cancellationToken));

        var view = IssueViews.ToView(added);
        return ToolResults.Success(IssueMarkdown.CommentAdded(view), view);
    }
}
