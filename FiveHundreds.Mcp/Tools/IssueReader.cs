using FiveHundreds.Mcp.Formatting;
using FiveHundreds.TriageApi.Client;

namespace FiveHundreds.Mcp.Tools;

// Reads one issue in detail with its recent events: shared by get_issue, the issue resource and the
// triage_issue prompt, so all three show an issue the same way.
public sealed class IssueReader(TriageApiClient triage)
{
    public Task<IssueDetailView> ReadAsync(Guid issueId, CancellationToken cancellationToken) =>
        TriageLookups.ForIssueAsync(issueId, async () =>
        {
            var detail = await triage.GetIssueAsync(issueId, cancellationToken);
            var recent = await triage.ListIssueEventsAsync(issueId, limit: IssueViews.RecentEventsShown, ct: cancellationToken);
            return IssueViews.ToView(detail, recent);
        });
}
