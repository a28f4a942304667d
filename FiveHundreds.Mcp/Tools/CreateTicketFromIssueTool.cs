using System.ComponentModel;
using FiveHundreds.Mcp.Formatting;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FiveHundreds.Mcp.Tools;

[McpServerToolType]
public sealed class CreateTicketFromIssueTool(TriageApiClient triage)
{
    public const string Name = "create_ticket_from_issue";

    public const string ToolDescription =
        "Create a Scrum ticket (a work item on the team's FiveHundreds board) for an error issue, with its " +
        "description written automatically from the issue: the exception, the stacktrace with application frames " +
        "marked, the request, the environment, when it was first and last seen, how often it happened, and a link " +
        "to the issue in the FiveHundreds dashboard. Use it when fixing the issue is work the team should track. " +
        "An issue has at most one ticket: if it already has one, that ticket is returned unchanged, so calling again " +
        "is safe. Returns the ticket's id, title, status and Markdown description.";

    [McpServerTool(Name = Name, Title = "Create a ticket for an error issue", ReadOnly = false, Destructive = false,
        Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(TicketView))]
    [Description(ToolDescription)]
    public async Task<CallToolResult> CreateTicketFromIssueAsync(
        [Description(GetIssueTool.IssueIdDescription)] string issue_id,
        CancellationToken cancellationToken = default)
    {
        var issueId = ToolArguments.IssueId(issue_id);
        var ticket = await TriageLookups.ForIssueAsync(issueId,
            () => triage.CreateTicketFromIssueAsync(issueId, cancellationToken));

        var view = IssueViews.ToView(ticket);
        return ToolResults.Success(IssueMarkdown.Ticket(view), view);
    }
}
