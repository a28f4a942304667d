using System.Text.Json;
using FiveHundreds.Rendering.Markdown;
using FiveHundreds.Rendering.Stacktraces;
using FiveHundreds.Rendering.Workflow;
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

    // get_issue shows the latest event's last breadcrumbs; get_event shows every one the event kept.
    public const int BreadcrumbsShownWithIssue = 20;

    public const int MaxBreadcrumbs = 100;

    // A message in an event list is a preview: get_event has it whole.
    public const int MaxListedMessageLength = 200;

    public static string ResourceUriOf(Guid issueId) => ResourceUriPrefix + issueId;

    public static IssueView ToView(IssueSummaryDto issue) => new(
        issue.Id, issue.Project, MarkdownCode.OneLine(issue.Title), MarkdownCode.OneLine(issue.Culprit), issue.Level, issue.Status,
        issue.EventCount, issue.FirstSeen, issue.LastSeen, issue.TicketId, issue.Regressed, ResourceUriOf(issue.Id),
        issue.Assignee is { } a ? new PersonView(a.Id, MarkdownCode.OneLine(a.Name) ?? "") : null,
        issue.UsersAffected, MarkdownCode.OneLine(issue.FirstRelease), MarkdownCode.OneLine(issue.LastRelease));

    public static IssueListView ToView(IssuePageDto page) => new(
        [.. page.Items.Select(ToView)], page.NextCursor, page.Counts.Unresolved, page.Counts.Resolved, page.Counts.Ignored);

    public static IssueDetailView ToView(IssueDetailDto detail, EventPageDto recentEvents, ActivityPageDto activity) => new(
        ToView(detail.Issue),
        detail.LatestEvent is null ? null : ToView(detail.LatestEvent, BreadcrumbsShownWithIssue),
        [.. recentEvents.Items.Take(RecentEventsShown).Select(e =>
            new RecentEventView(e.Id, e.OccurredAt, MarkdownCode.OneLine(e.Release), MarkdownCode.OneLine(e.ServerName)))],
        [.. detail.EventsPerDay.Select(b => new DayCountView(DateOnly.FromDateTime(b.Start.UtcDateTime), b.Count))],
        [.. (detail.Facets ?? []).Take(MaxFacetKeys).Select(f => new FacetView(
            MarkdownCode.OneLine(f.Key), [.. f.TopValues.Take(TopFacetValues).Select(v =>
                new FacetValueView(MarkdownCode.OneLine(v.Value), v.Count, Math.Round(v.Share, 3)))]))],
        [.. activity.Items.Select(ToView)],
        activity.NextCursor is not null,
        IssueWorkflowText.Ignore(detail.Issue.Status, detail.Ignore)
            ?? IssueWorkflowText.ResolvedInNextRelease(detail.Issue.Status, detail.ResolvedAfterRelease, r => MarkdownCode.Span(MarkdownCode.OneLine(r)!)));

    public static ActivityView ToView(ActivityEntryDto entry) => new(
        entry.Id, entry.IssueId, entry.Kind, entry.OccurredAt,
        entry.Actor is { } actor ? new ActorDto(MarkdownCode.OneLine(actor.Name), actor.UserId, MarkdownCode.OneLine(actor.ViaToken)) : null,
        CapText(entry.Body), entry.TicketId);

    public static EventListView ToView(Guid issueId, EventPageDto page) => new(
        issueId,
        [.. page.Items.Select(e => new EventSummaryView(
            e.Id, e.EventId, e.OccurredAt, MarkdownCode.OneLine(e.Release), MarkdownCode.OneLine(e.ServerName),
            MarkdownCode.OneLine(Cap(e.Message, MaxListedMessageLength))))],
        page.NextCursor);

    public static TicketView ToView(TicketDto ticket) => new(
        ticket.Id, ticket.Project, ticket.IssueId, MarkdownCode.OneLine(ticket.Title), ticket.Description, ticket.Status, ticket.CreatedAt);

    public static LatestEventView ToView(EventDto e, int breadcrumbsShown)
    {
        var (environment, environmentOmitted) = CapMap(e.Environment);
        var (tags, tagsOmitted) = CapMap(e.Tags);
        var (headers, headersOmitted) = CapMap(e.Request?.Headers);
        var breadcrumbs = e.Breadcrumbs ?? [];
        var breadcrumbsOmitted = Math.Max(0, breadcrumbs.Count - breadcrumbsShown);
        var contexts = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var contextsOmitted = 0;
        foreach (var (name, values) in (e.Contexts ?? new Dictionary<string, IReadOnlyDictionary<string, string>>()).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var (kept, omitted) = CapMap(values);
            contextsOmitted += omitted + (contexts.TryAdd(MarkdownCode.OneLine(name)!, kept) ? 0 : kept.Count);
        }
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
            request, environment, tags, environmentOmitted + tagsOmitted + headersOmitted + contextsOmitted,
            e.User is { } user
                ? new UserView(MarkdownCode.OneLine(user.Id), MarkdownCode.OneLine(user.Username), MarkdownCode.OneLine(user.Email), MarkdownCode.OneLine(user.IpAddress))
                : null,
            [.. breadcrumbs.Skip(breadcrumbsOmitted).Select(b => new BreadcrumbView(
                b.Timestamp, MarkdownCode.OneLine(b.Type), MarkdownCode.OneLine(b.Category), MarkdownCode.OneLine(b.Level),
                MarkdownCode.OneLine(CapText(b.Message)), CapMap(b.Data).Kept))],
            breadcrumbsOmitted,
            contexts);
    }

    private static string? DataOf(JsonElement? data) =>
        data is null || data.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined
            ? null
            : CapText(data.Value.GetRawText());

    private static string? CapText(string? text) => Cap(text, MaxTextLength);

    private static string? Cap(string? text, int length) =>
        text is null || text.Length <= length ? text : text[..length] + $"… ({text.Length - length} more characters)";

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
