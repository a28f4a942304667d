using System.Text.Json;
using FiveHundreds.Rendering.Markdown;
using FiveHundreds.Rendering.Stacktraces;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Mcp.Formatting;

// Turns triage API answers into the views the tools return, trimmed to what fits a model's context. Fields meant
// to be one line (titles, names, tag values) lose their line breaks here, so the text and the structured content
// both carry them as one line.
public static class IssueViews
{
    public const string ResourceUriPrefix = "fivehundreds://issues/";

    public const int MaxTextLength = 2_000;

    public const int MaxMapEntries = 40;

    public const int RecentEventsShown = 10;

    public const int RecentActivityShown = 10;

    public const int MaxFacetKeys = 20;

    public const int TopFacetValues = 5;

    public static string ResourceUriOf(Guid issueId) => ResourceUriPrefix + issueId;

    public static IssueView ToView(IssueSummaryDto issue) => new(
        issue.Id, issue.Project, MarkdownCode.OneLine(issue.Title), MarkdownCode.OneLine(issue.Culprit), issue.Level, issue.Status,
        issue.EventCount, issue.FirstSeen, issue.LastSeen, issue.TicketId, issue.Regressed, ResourceUriOf(issue.Id),
        issue.Assignee is { } a ? new PersonView(a.Id, MarkdownCode.OneLine(a.Name) ?? "") : null,
        issue.UsersAffected, MarkdownCode.OneLine(issue.FirstRelease), MarkdownCode.OneLine(issue.LastRelease));

    public static IssueListView ToView(IssuePageDto page) => new(
        [.. page.Items.Select(ToView)], page.NextCursor, page.Counts.Unresolved, page.Counts.Resolved);

    public static IssueDetailView ToView(IssueDetailDto detail, EventPageDto recentEvents, ActivityPageDto activity) => new(
        ToView(detail.Issue),
        detail.LatestEvent is null ? null : ToView(detail.LatestEvent),
        [.. recentEvents.Items.Take(RecentEventsShown).Select(e =>
            new RecentEventView(e.Id, e.OccurredAt, MarkdownCode.OneLine(e.Release), MarkdownCode.OneLine(e.ServerName)))],
        [.. detail.EventsPerDay.Select(b => new DayCountView(DateOnly.FromDateTime(b.Start.UtcDateTime), b.Count))],
        [.. (detail.Facets ?? []).Take(MaxFacetKeys).Select(f => new FacetView(
            MarkdownCode.OneLine(f.Key), [.. f.TopValues.Take(TopFacetValues).Select(v =>
                new FacetValueView(MarkdownCode.OneLine(v.Value), v.Count, Math.Round(v.Share, 3)))]))],
        [.. activity.Items.Select(ToView)],
        activity.NextCursor is not null);

    public static ActivityView ToView(ActivityEntryDto entry) => new(
        entry.Id, entry.IssueId, entry.Kind, entry.OccurredAt,
        entry.Actor is { } actor ? new ActorDto(MarkdownCode.OneLine(actor.Name), actor.UserId, MarkdownCode.OneLine(actor.ViaToken)) : null,
        CapText(entry.Body), entry.TicketId);

    public static TicketView ToView(TicketDto ticket) => new(
        ticket.Id, ticket.Project, ticket.IssueId, MarkdownCode.OneLine(ticket.Title), ticket.Description, ticket.Status, ticket.CreatedAt);

    public static LatestEventView ToView(EventDto e)
    {
        var (environment, environmentOmitted) = CapMap(e.Environment);
        var (tags, tagsOmitted) = CapMap(e.Tags);
        var (headers, headersOmitted) = CapMap(e.Request?.Headers);
        var request = e.Request is null
            ? null
            : new RequestView(
                MarkdownCode.OneLine(e.Request.Method), MarkdownCode.OneLine(CapText(e.Request.Url)),
                MarkdownCode.OneLine(CapText(e.Request.QueryString)), headers, DataOf(e.Request.Data));
        return new LatestEventView(
            e.Id, e.EventId, e.OccurredAt, MarkdownCode.OneLine(e.Platform), e.Level, CapText(e.Message),
            MarkdownCode.OneLine(e.Release), MarkdownCode.OneLine(e.ServerName),
            [.. StacktraceLayout.Of(e.Exception).Exceptions.Select(x => new ExceptionView(
                MarkdownCode.OneLine(x.Type), CapText(x.Value), MarkdownCode.OneLine(x.Module), x.IsCause,
                x.Stack is null ? null : StacktraceViews.ToView(x.Stack)))],
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
        // Two keys that differ only in their line breaks become one: the first is kept, the other counted as left out.
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal).Take(MaxMapEntries))
        {
            kept.TryAdd(MarkdownCode.OneLine(key), MarkdownCode.OneLine(CapText(value)!));
        }
        return (kept, map.Count - kept.Count);
    }
}
