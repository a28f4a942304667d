using System.Text.Json;
using FiveHundreds.Rendering.Stacktraces;
using FiveHundreds.TriageApi.Client;

namespace FiveHundreds.Mcp.Formatting;

// Turns triage API answers into the views the tools return, trimmed to what fits a model's context.
public static class IssueViews
{
    public const string ResourceUriPrefix = "fivehundreds://issues/";

    public const int MaxTextLength = 2_000;

    public const int MaxMapEntries = 40;

    public const int RecentEventsShown = 10;

    public static string ResourceUriOf(Guid issueId) => ResourceUriPrefix + issueId;

    public static IssueView ToView(IssueSummaryDto issue) => new(
        issue.Id, issue.Project, issue.Title, issue.Culprit, issue.Level, issue.Status, issue.EventCount,
        issue.FirstSeen, issue.LastSeen, issue.TicketId, issue.Regressed, ResourceUriOf(issue.Id));

    public static IssueListView ToView(IssuePageDto page) => new(
        [.. page.Items.Select(ToView)], page.NextCursor, page.Counts.Unresolved, page.Counts.Resolved);

    public static IssueDetailView ToView(IssueDetailDto detail, EventPageDto recentEvents) => new(
        ToView(detail.Issue),
        detail.LatestEvent is null ? null : ToView(detail.LatestEvent),
        [.. recentEvents.Items.Take(RecentEventsShown).Select(e => new RecentEventView(e.Id, e.OccurredAt, e.Release, e.ServerName))],
        [.. detail.EventsPerDay.Select(b => new DayCountView(DateOnly.FromDateTime(b.Start.UtcDateTime), b.Count))]);

    public static TicketView ToView(TicketDto ticket) => new(
        ticket.Id, ticket.Project, ticket.IssueId, ticket.Title, ticket.Description, ticket.Status, ticket.CreatedAt);

    public static LatestEventView ToView(EventDto e)
    {
        var (environment, environmentOmitted) = CapMap(e.Environment);
        var (tags, tagsOmitted) = CapMap(e.Tags);
        var (headers, headersOmitted) = CapMap(e.Request?.Headers);
        var request = e.Request is null
            ? null
            : new RequestView(e.Request.Method, e.Request.Url, e.Request.QueryString, headers, DataOf(e.Request.Data));
        return new LatestEventView(
            e.Id, e.EventId, e.OccurredAt, e.Platform, e.Level, CapText(e.Message), e.Release, e.ServerName,
            [.. StacktraceLayout.Of(e.Exception).Exceptions.Select(x => new ExceptionView(
                x.Type, CapText(x.Value), x.Module, x.IsCause, x.Stack is null ? null : StacktraceViews.ToView(x.Stack)))],
            request, environment, tags, environmentOmitted + tagsOmitted + headersOmitted);
    }

    private static string? DataOf(JsonElement? data) =>
        data is null || data.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
            ? null
            : CapText(data.Value.GetRawText());

    private static string? CapText(string? text) =>
        text is null || text.Length <= MaxTextLength ? text : text[..MaxTextLength] + $"… ({text.Length - MaxTextLength} more characters)";

    private static (IReadOnlyDictionary<string, string> Kept, int Omitted) CapMap(IReadOnlyDictionary<string, string>? map)
    {
        if (map is null)
        {
            return (new Dictionary<string, string>(), 0);
        }
        var kept = map.OrderBy(p => p.Key, StringComparer.Ordinal).Take(MaxMapEntries)
            .ToDictionary(p => p.Key, p => CapText(p.Value)!, StringComparer.Ordinal);
        return (kept, map.Count - kept.Count);
    }
}
