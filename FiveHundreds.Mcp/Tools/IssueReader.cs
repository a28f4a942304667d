using FiveHundreds.Mcp.Formatting;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace FiveHundreds.Mcp.Tools;

// Reads one issue in detail with its recent events and activity: shared by get_issue, the issue resource and the
// triage_issue prompt, so all three show an issue the same way.
public sealed class IssueReader(TriageApiClient triage)
{
    public Task<IssueDetailView> ReadAsync(Guid issueId, CancellationToken cancellationToken) =>
        TriageLookups.ForIssueAsync(issueId, async () =>
        {
            var issueWithEvents = triage.GetIssueWithEventsAsync(issueId, IssueViews.RecentEventsShown, cancellationToken);
            var activity = triage.ListIssueActivityAsync(issueId, limit: IssueViews.RecentActivityShown, ct: cancellationToken);
            // Both awaited before either is read, so neither fails unobserved; the issue's error is the one that surfaces.
            await Task.WhenAll(issueWithEvents, activity).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var (detail, recent) = await issueWithEvents;
            return IssueViews.ToView(detail, recent, await activity);
        });

    // Resources and prompts have no "tool error": a bad or unknown id is a protocol error with the given code.
    public async Task<TextResourceContents> ReadAsResourceAsync(string? id, McpErrorCode notFound, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var issueId))
        {
            throw new McpProtocolException(
                $"\"{id}\" is not an issue id: use a UUID from the id field of list_issues.", McpErrorCode.InvalidParams);
        }
        try
        {
            var view = await ReadAsync(issueId, cancellationToken);
            return new TextResourceContents
            {
                Uri = view.Issue.ResourceUri,
                MimeType = "text/markdown",
                Text = IssueMarkdown.IssueDetail(view),
            };
        }
        catch (McpException e) when (e is not McpProtocolException)
        {
            throw new McpProtocolException(e.Message, notFound);
        }
    }
}
