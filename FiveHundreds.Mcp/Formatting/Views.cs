using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Mcp.Formatting;

// The structured shapes the MCP tools return (serialized snake_case, as the triage API). They are sized for a
// model's context: stacktraces arrive folded, long strings capped, so the same view backs the readable text.

public sealed record IssueView(
    Guid Id, Guid Project, string Title, string? Culprit, EventLevel Level, IssueStatus Status, long EventCount,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, Guid? TicketId, bool Regressed, string ResourceUri, PersonView? Assignee,
    long UsersAffected, string? FirstRelease, string? LastRelease);

// A person of the team, as assignee.
public sealed record PersonView(Guid Id, string Name);

// Each total is exact up to TotalsExactUpTo; one more stands for "more than that".
public sealed record IssueListView(
    IReadOnlyList<IssueView> Items, string? NextCursor, long UnresolvedTotal, long ResolvedTotal, long IgnoredTotal,
    long TotalsExactUpTo = IssueCountsDto.Limit);

// Workflow: how the issue is ignored, how it returned from ignore, or that it is resolved in the next release.
public sealed record IssueDetailView(
    IssueView Issue, LatestEventView? LatestEvent, IReadOnlyList<RecentEventView> RecentEvents,
    IReadOnlyList<DayCountView> EventsPerDay, IReadOnlyList<FacetView> Facets, IReadOnlyList<ActivityView> Activity,
    bool OlderActivityOmitted, string? Workflow);

// One entry of an issue's activity log. Actor is null when FiveHundreds itself acted (a new issue, a regression);
// Comment is the Markdown a person or agent wrote, capped like event text.
public sealed record ActivityView(Guid Id, Guid IssueId, IssueActivityKind Kind, DateTimeOffset OccurredAt, ActorDto? Actor, string? Comment, Guid? TicketId);

// The most frequent values of one key among the issue's events; Share is the part of all its events, 0 to 1.
public sealed record FacetView(string Key, IReadOnlyList<FacetValueView> TopValues);

public sealed record FacetValueView(string Value, long Count, double Share);

// One event as get_issue (its latest) and get_event show it: Breadcrumbs are the last ones before the event,
// oldest first, at most as many as the tool shows (BreadcrumbsOmitted the earlier ones left out).
public sealed record LatestEventView(
    Guid Id, Guid EventId, DateTimeOffset OccurredAt, string? Platform, EventLevel Level, string? Message,
    string? Release, string? ServerName, IReadOnlyList<ExceptionView> Exceptions, RequestView? Request,
    IReadOnlyDictionary<string, string> Environment, IReadOnlyDictionary<string, string> Tags,
    int EntriesOmitted, UserView? User, IReadOnlyList<BreadcrumbView> Breadcrumbs, int BreadcrumbsOmitted,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Contexts);

public sealed record UserView(string? Id, string? Username, string? Email, string? IpAddress);

public sealed record BreadcrumbView(
    DateTimeOffset? Timestamp, string? Type, string? Category, string? Level, string? Message, IReadOnlyDictionary<string, string> Data);

public sealed record EventListView(Guid IssueId, IReadOnlyList<EventSummaryView> Items, string? NextCursor);

public sealed record EventSummaryView(Guid Id, Guid EventId, DateTimeOffset OccurredAt, string? Release, string? ServerName, string? Message);

// One exception of the chain, most recent call first as on every surface: the exception the application saw,
// then its causes (IsCause); each stacktrace starts at the frame that raised.
public sealed record ExceptionView(string Type, string? Value, string? Module, bool IsCause, FoldedStacktrace? Stacktrace);

public sealed record FoldedStacktrace(
    int TotalFrames, int AppFrames, int LibraryFrames, int? FramesDroppedAtIntake, IReadOnlyList<FrameView> Frames);

public enum FrameViewKind { App, Library, Folded }

// An app frame carries its source context; a library frame is one line; a folded entry stands for a run of
// library frames (FoldedCount of them, from the packages listed). Repeats > 1: the same frame recurring in a row.
public sealed record FrameView(
    FrameViewKind Kind, string? Filename, string? Function, string? Module, int? Lineno, int? Colno,
    IReadOnlyList<SourceLineView>? Context, int Repeats, int FoldedCount, IReadOnlyList<string>? FoldedPackages);

public sealed record SourceLineView(int? Number, string Text, bool Current);

public sealed record RequestView(
    string? Method, string? Url, string? QueryString, IReadOnlyDictionary<string, string> Headers, string? Data);

public sealed record RecentEventView(Guid Id, DateTimeOffset OccurredAt, string? Release, string? ServerName);

public sealed record DayCountView(DateOnly Day, long Count);

public sealed record TicketView(
    Guid Id, Guid Project, Guid? IssueId, string Title, string Description, TicketStatus Status, DateTimeOffset CreatedAt);
