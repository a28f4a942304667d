using System.ComponentModel;
using FiveHundreds.Mcp.Formatting;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FiveHundreds.Mcp.Tools;

[McpServerToolType]
public sealed class AssignIssueTool(TriageApiClient triage)
{
    public const string Name = "assign_issue";

    public const string ToolDescription =
        "Assign an error issue in FiveHundreds, an error tracker, to the person who will fix it, or unassign it. " +
        "Use \"me\" to take the issue yourself (as the person whose token this is), a teammate's name or id to hand " +
        "it to them (they are emailed when the server sends mail), or \"none\" to unassign it. Only members, admins " +
        "and owners who can see the issue's project can be assigned. Returns the updated issue with its assignee.";

    public const string AssigneeDescription =
        "Who gets the issue: \"me\", \"none\" (unassign), or a person's name or id (a UUID) as list_issues and " +
        "get_issue show them.";

    [McpServerTool(Name = Name, Title = "Assign an error issue", ReadOnly = false, Destructive = false,
        Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(IssueView))]
    [Description(ToolDescription)]
    public async Task<CallToolResult> AssignIssueAsync(
        [Description(GetIssueTool.IssueIdDescription)] string issue_id,
        [Description(AssigneeDescription)] string assignee,
        CancellationToken cancellationToken = default)
    {
        var issueId = ToolArguments.IssueId(issue_id);
        var person = await PersonAsync(ToolArguments.Required("assignee", assignee), cancellationToken);
        var updated = await TriageLookups.ForIssueAsync(issueId, () => triage.AssignIssueAsync(issueId, person, cancellationToken));

        var view = IssueViews.ToView(updated);
        var outcome = view.Assignee is { } a ? $"Issue is now assigned to {a.Name}." : "Issue is now unassigned.";
        return ToolResults.Success(IssueMarkdown.IssueChange(outcome, view), view);
    }

    private async Task<Guid?> PersonAsync(string assignee, CancellationToken ct)
    {
        if (assignee.Equals(AssigneeWords.Unassigned, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (assignee.Equals(AssigneeWords.Me, StringComparison.OrdinalIgnoreCase))
        {
            return (await triage.GetCallerAsync(ct)).Member?.Id
                ?? throw new McpException("\"me\" needs a person's own token; this token belongs to nobody. Name the person instead.");
        }
        if (Guid.TryParse(assignee, out var id))
        {
            return id;
        }
        var people = await triage.ListPeopleAsync(ct);
        var named = people.Where(p => p.Name.Equals(assignee, StringComparison.OrdinalIgnoreCase)).ToList();
        return named.Count == 1
            ? named[0].Id
            : throw new McpException(named.Count == 0
                ? $"Nobody who can be assigned is called \"{assignee}\". People: {string.Join(", ", people.Select(p => $"{p.Name} ({p.Id})"))}."
                : $"More than one person is called \"{assignee}\": give their id instead.");
    }
}
