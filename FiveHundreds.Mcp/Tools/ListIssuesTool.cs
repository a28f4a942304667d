using System.ComponentModel;
using FiveHundreds.Mcp.Formatting;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FiveHundreds.Mcp.Tools;

[McpServerToolType]
public sealed class ListIssuesTool(TriageApiClient triage)
{
    public const string Name = "list_issues";

    public const string ToolDescription =
        "List the error issues that FiveHundreds, an error tracker, has recorded for your applications. FiveHundreds " +
        "groups every crash report (an \"event\") into an issue, one issue per distinct bug. Use this tool to see what " +
        "is failing, to search for an error by its text, or to find an issue's id for get_issue, update_issue_status " +
        "or create_ticket_from_issue. Returns issues most recently seen first, each with its id, title (usually the " +
        "exception type and message), culprit (the application function where it was raised), status, level, " +
        "event_count (how many times it happened), users_affected, first_seen, last_seen and the first and last " +
        "release; plus next_cursor for the next page and the total numbers of unresolved, resolved and ignored issues, " +
        "and each issue's assignee (the person working on it) when it has one. You only see the projects your access " +
        "token allows.";

    public const string ProjectDescription =
        "Only issues of this project, given by its id (a UUID) or its slug (a short name such as \"shop\"). Omit it to " +
        "list issues of every project your token can see; each issue in the result carries its project id.";

    public const string StatusDescription =
        "Which issues to list: \"unresolved\" (not yet fixed; the default), \"resolved\" (marked as fixed), \"ignored\" " +
        "(muted, forever or until a time or a number of more events) or \"all\".";

    public const string QueryDescription =
        "Optional search, every term of which must match. Terms: is:unresolved, is:resolved or is:ignored (replaces " +
        "status); level:fatal|error|warning|info|debug; release:2.0.0; environment:production; user.id:42; " +
        "user.email:ann@example.com; assigned:me|none (same as assignee); any other key:value is a tag, such as browser:\"Chrome 120\" or region:eu; " +
        "other words, or \"quoted phrases\", are searched in titles, culprits and exception messages. Quote values " +
        "with spaces. Example: \"release:2.0.0 level:error checkout\". A query that cannot be read is refused with " +
        "the character where it went wrong. Omit it to list all issues.";

    public const string EnvironmentDescription =
        "Only issues that had events in this deploy environment, such as \"production\" or \"staging\" (the " +
        "environment the SDK sent). Same as the query term environment:<name>.";

    public const string ReleaseDescription =
        "Only issues that had events in this release, such as \"2.0.0\" or \"shop@2.0.0\" (the release the SDK " +
        "sent). Same as the query term release:<version>.";

    public const string AssigneeDescription =
        "Only issues assigned to someone: \"me\" (the person whose token this is), \"none\" (unassigned issues) or a " +
        "person's id (a UUID). Omit it for everyone's issues.";

    public const string LimitDescription = "How many issues to return on this page, from 1 to 100. Default 20.";

    public const string CursorDescription =
        "Omit for the first page. For the next page, pass the next_cursor value of the previous list_issues result, " +
        "with the same project, status, query, environment and release.";

    // Parameter names are the tool's argument names on the wire, hence snake_case.
    [McpServerTool(Name = Name, Title = "List error issues", ReadOnly = true, Idempotent = true, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(IssueListView))]
    [Description(ToolDescription)]
    public async Task<CallToolResult> ListIssuesAsync(
        [Description(ProjectDescription)] string? project = null,
        [Description(StatusDescription)] string status = "unresolved",
        [Description(QueryDescription)] string? query = null,
        [Description(EnvironmentDescription)] string? environment = null,
        [Description(ReleaseDescription)] string? release = null,
        [Description(LimitDescription)] int limit = ToolArguments.DefaultLimit,
        [Description(CursorDescription)] string? cursor = null,
        [Description(AssigneeDescription)] string? assignee = null,
        CancellationToken cancellationToken = default)
    {
        var statusFilter = ToolArguments.StatusFilter(status);
        project = ToolArguments.Optional(project);
        var issueQuery = new IssueQuery(
            project, statusFilter, ToolArguments.Optional(query), ToolArguments.Optional(cursor), ToolArguments.Limit(limit),
            ToolArguments.Optional(environment), ToolArguments.Optional(release), ToolArguments.AssigneeFilter(assignee));

        var page = await TriageLookups.ForProjectAsync(
            triage, project, () => triage.ListIssuesAsync(issueQuery, cancellationToken), cancellationToken);
        if (page.Items.Count == 0 && project is not null)
        {
            // An empty page may only mean that the project name was wrong; say so rather than "no issues".
            await TriageLookups.ThrowIfUnknownProjectAsync(triage, project, cancellationToken);
        }

        var view = IssueViews.ToView(page);
        return ToolResults.Success(IssueMarkdown.IssueList(view, statusFilter), view);
    }
}
