using System.ComponentModel;
using FiveHundreds.Mcp.Formatting;
using FiveHundreds.Mcp.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace FiveHundreds.Mcp.Resources;

[McpServerResourceType]
public sealed class IssueResource(IssueReader reader)
{
    public const string UriTemplate = IssueViews.ResourceUriPrefix + "{id}";

    public const string ResourceDescription =
        "One error issue recorded by FiveHundreds, an error tracker, as Markdown: the same details get_issue returns " +
        "(exception chain, folded stacktrace with application source lines, request, environment, event history). " +
        "The id is the issue's UUID from list_issues.";

    [McpServerResource(UriTemplate = UriTemplate, Name = "issue", Title = "FiveHundreds issue", MimeType = "text/markdown")]
    [Description(ResourceDescription)]
    public async Task<TextResourceContents> ReadIssueAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(id, out var issueId))
        {
            throw new McpProtocolException(
                $"\"{id}\" is not an issue id: use {IssueViews.ResourceUriPrefix}<uuid> with an id from list_issues.",
                McpErrorCode.InvalidParams);
        }
        try
        {
            var view = await reader.ReadAsync(issueId, cancellationToken);
            return new TextResourceContents
            {
                Uri = IssueViews.ResourceUriOf(issueId),
                MimeType = "text/markdown",
                Text = IssueMarkdown.IssueDetail(view),
            };
        }
        catch (McpException e) when (e is not McpProtocolException)
        {
            throw new McpProtocolException(e.Message, McpErrorCode.ResourceNotFound);
        }
    }
}
