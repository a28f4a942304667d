using System.ComponentModel;
using FiveHundreds.Mcp.Formatting;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FiveHundreds.Mcp.Tools;

[McpServerToolType]
public sealed class CreateIssueTool(TriageApiClient triage)
{
    public const string Name = "create_issue";

    public const string ToolDescription =
        "Report a bug by hand to FiveHundreds, an error tracker, when there is no captured exception: a problem a " +
        "user described, or one you found while reading code or logs. It becomes an issue in the given project, " +
        "listed and triaged like the errors applications report by themselves. Reporting the same title again in " +
        "the same project adds an occurrence to that issue instead of creating a second one. Returns the issue with " +
        "its id.";

    public const string ProjectDescription =
        "The project to file the bug in: its id (a UUID) or its slug (a short name such as \"shop\"). The project ids " +
        "appear on every issue that list_issues returns; an unknown project gives an error that lists the valid ones.";

    public const string TitleDescription =
        "A one-line summary of the bug, such as \"Checkout total is negative when a coupon is applied\".";

    public const string DescriptionDescription =
        "What goes wrong, how to reproduce it, and what was expected instead. Markdown is allowed.";

    public const string LevelDescription =
        "How severe it is: \"fatal\", \"error\" (the default), \"warning\", \"info\" or \"debug\".";

    [McpServerTool(Name = Name, Title = "Report a bug by hand", ReadOnly = false, Destructive = false, Idempotent = false,
        OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(IssueView))]
    [Description(ToolDescription)]
    public async Task<CallToolResult> CreateIssueAsync(
        [Description(ProjectDescription)] string project,
        [Description(TitleDescription)] string title,
        [Description(DescriptionDescription)] string description,
        [Description(LevelDescription)] string level = "error",
        CancellationToken cancellationToken = default)
    {
        var projectRef = ToolArguments.Required("project", project);
        var request = new CreateIssueRequest(
            projectRef,
            ToolArguments.Required("title", title),
            ToolArguments.Required("description", description),
            ToolArguments.Level(level));

        var issue = await TriageLookups.ForProjectAsync(
            triage, projectRef, () => triage.CreateIssueAsync(request, cancellationToken), cancellationToken);

        var view = IssueViews.ToView(issue);
        return ToolResults.Success(IssueMarkdown.IssueChange("Issue recorded.", view), view);
    }
}
