using System.Text.Json;
using System.Text.Json.Serialization;

namespace FiveHundreds.TriageApi.Contracts;

// Ignored: muted by hand, forever or until a condition passes; its events are still stored and counted.
public enum IssueStatus { Unresolved, Resolved, Ignored }

public enum IssueStatusFilter { Unresolved, Resolved, Ignored, All }

public enum TicketStatus { Backlog, InProgress, Done }

public enum EventLevel { Fatal, Error, Warning, Info, Debug }

// What an API token may do, each scope including the ones before it: read lists and details; triage also
// changes statuses, makes tickets and reports issues by hand; admin also manages keys, tokens and projects.
public enum TokenScope { Read, Triage, Admin }
// ReturnedFromIgnore: an ignored issue's condition passed (its events or its date) and it is unresolved again.
public enum AlertTrigger { NewIssue, Regression, Frequency, ReturnedFromIgnore }

public enum AlertChannel { Email, Webhook, Slack, Teams, Discord }

public enum AlertDeliveryState { Pending, Retrying, Sent, Failed }

// Projects ----------------------------------------------------------------------------------------

public sealed record CreateProjectRequest(
    string Name, int? RateLimitPerMinute = null, IReadOnlyList<string>? ScrubNames = null, bool StoreIpAddresses = true);

// A project's scrubbing settings; an absent field keeps its value.
public sealed record UpdateProjectRequest(IReadOnlyList<string>? ScrubNames = null, bool? StoreIpAddresses = null);

public sealed record ProjectDto(
    Guid Id, string Name, string Slug, string KeyPrefix, int? RateLimitPerMinute, DateTimeOffset CreatedAt,
    long EventsToday, long DroppedToday, string Dsn, IReadOnlyList<string> ScrubNames, bool StoreIpAddresses,
    IReadOnlyList<string> AllowedOrigins);

// The web pages whose browser SDKs may send a project's events: "*", origins, hosts or "*.domain" patterns.
public sealed record AllowedOriginsDto(IReadOnlyList<string> AllowedOrigins);

// The only answers that carry a project's ingest key: creation and rotation.
public sealed record ProjectKeyDto(Guid Id, string Name, string Slug, string Key, string KeyPrefix, string Dsn);

// Issues ------------------------------------------------------------------------------------------

public sealed record IssueSummaryDto(
    Guid Id, Guid Project, string Title, string? Culprit, EventLevel Level, IssueStatus Status, long EventCount,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, Guid? TicketId, bool Regressed,
    [property: JsonPropertyName("events_last_24_hours")] IReadOnlyList<int> EventsLast24Hours);

public sealed record IssueCountsDto(long Unresolved, long Resolved, long Ignored);

public sealed record IssuePageDto(IReadOnlyList<IssueSummaryDto> Items, string? NextCursor, IssueCountsDto Counts);

public sealed record TimeBucketDto(DateTimeOffset Start, long Count);

// Ignore is the issue's current or last ignore (null if never ignored since its last change by hand);
// ResolvedAfterRelease is set while the issue is resolved in the next release: the newest release seen when it was
// resolved, which an event must be newer than to regress it.
public sealed record IssueDetailDto(
    IssueSummaryDto Issue, EventDto? LatestEvent, IReadOnlyList<TimeBucketDto> EventsPerHour,
    IReadOnlyList<TimeBucketDto> EventsPerDay, IgnoreDto? Ignore = null, string? ResolvedAfterRelease = null);

// How long an issue stays ignored: until a time, or until this many more events arrive; neither means forever.
public sealed record IgnoreConditionDto(DateTimeOffset? Until = null, long? MoreEvents = null);

// An ignore as it stands: since when, on what condition, how many of the more events have arrived, and when it
// ended because its condition passed (null while still ignored).
public sealed record IgnoreDto(DateTimeOffset IgnoredAt, IgnoreConditionDto Condition, long EventsSince, DateTimeOffset? ReturnedAt);

// Ignore only with status ignored; InNextRelease only with status resolved.
public sealed record UpdateIssueRequest(IssueStatus Status, IgnoreConditionDto? Ignore = null, bool InNextRelease = false);

public sealed record CreateIssueRequest(string Project, string Title, string? Description, EventLevel Level = EventLevel.Error);

// Events ------------------------------------------------------------------------------------------

public sealed record EventAcceptedDto(Guid EventId, Guid IssueId, bool NewIssue);

public sealed record StackFrameDto(
    string? Filename, string? AbsPath, string? Function, string? Module, int? Lineno, int? Colno, bool InApp,
    IReadOnlyList<string>? PreContext, string? ContextLine, IReadOnlyList<string>? PostContext);

public sealed record StacktraceDto(IReadOnlyList<StackFrameDto> Frames, int? FramesOmitted = null);

public sealed record ExceptionValueDto(string Type, string? Value, string? Module, StacktraceDto? Stacktrace);

public sealed record ExceptionDataDto(IReadOnlyList<ExceptionValueDto> Values);

public sealed record RequestDataDto(
    string? Url, string? Method, IReadOnlyDictionary<string, string>? Headers, string? QueryString, JsonElement? Data);

public sealed record EventDto(
    Guid Id, Guid IssueId, Guid ProjectId, Guid EventId, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt,
    string? Platform, EventLevel Level, string? Message, string? Release, string? ServerName,
    ExceptionDataDto? Exception, RequestDataDto? Request, IReadOnlyDictionary<string, string>? Environment,
    IReadOnlyDictionary<string, string>? Tags, JsonElement? Sdk, JsonElement? Extra,
    EventUserDto? User = null, IReadOnlyList<BreadcrumbDto>? Breadcrumbs = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Contexts = null,
    IReadOnlyDictionary<string, string>? Modules = null);

// Who was using the app. IpAddress is what the SDK sent, after the intake's scrubbing.
public sealed record EventUserDto(string? Id, string? Username, string? Email, string? IpAddress);

// One step the SDK recorded before the event (a click, a navigation, a request, a log line). Level and type are
// the SDK's own words; Data's non-text values are their compact JSON.
public sealed record BreadcrumbDto(
    DateTimeOffset? Timestamp, string? Type, string? Category, string? Level, string? Message, IReadOnlyDictionary<string, string>? Data);

public sealed record EventSummaryDto(Guid Id, Guid EventId, DateTimeOffset OccurredAt, string? Release, string? ServerName, string? Message);

public sealed record EventPageDto(IReadOnlyList<EventSummaryDto> Items, string? NextCursor);

// Tickets -----------------------------------------------------------------------------------------

public sealed record TicketDto(
    Guid Id, Guid Project, Guid? IssueId, string Title, string Description, TicketStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record UpdateTicketRequest(TicketStatus? Status = null, string? Title = null, string? Description = null);

// Tokens ------------------------------------------------------------------------------------------

// Either all_projects or a non-empty list of projects: an empty list is refused, never read as "every project".
public sealed record CreateTokenRequest(string Name, TokenScope? Scope, IReadOnlyList<Guid>? Projects = null, bool AllProjects = false);

public sealed record TokenCreatedDto(Guid Id, string Name, string Token, TokenScope Scope, bool AllProjects, IReadOnlyList<Guid> Projects);

public sealed record TokenDto(
    Guid Id, string Name, string Prefix, TokenScope Scope, bool AllProjects, IReadOnlyList<Guid> Projects, DateTimeOffset CreatedAt);

// Alerts ------------------------------------------------------------------------------------------

// Url for webhook, Slack, Teams and Discord; Recipients for email. Neither is ever answered again.
public sealed record CreateAlertDestinationRequest(string Name, AlertChannel Channel, string? Url = null, IReadOnlyList<string>? Recipients = null);

public sealed record AlertDestinationDto(Guid Id, Guid Project, string Name, AlertChannel Channel, string Hint, DateTimeOffset CreatedAt);

// The only answer that carries a webhook destination's signing secret: its creation.
public sealed record AlertDestinationCreatedDto(AlertDestinationDto Destination, string? SigningSecret);

public sealed record AlertRuleRequest(
    string Name, AlertTrigger Trigger, IReadOnlyList<Guid> Destinations, EventLevel? MinimumLevel = null,
    string? Environment = null, string? TextContains = null, int? FrequencyCount = null, int? FrequencyWindowMinutes = null,
    int QuietPeriodMinutes = 30, bool Enabled = true);

public sealed record AlertRuleDto(
    Guid Id, Guid Project, string Name, AlertTrigger Trigger, IReadOnlyList<Guid> Destinations, EventLevel? MinimumLevel,
    string? Environment, string? TextContains, int? FrequencyCount, int? FrequencyWindowMinutes, int QuietPeriodMinutes,
    bool Enabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record AlertDeliveryDto(
    Guid Id, Guid Rule, string RuleName, Guid Destination, string DestinationName, Guid? Issue, AlertTrigger Trigger, bool Test,
    AlertDeliveryState State, int Attempts, long HeldBackEvents, string? LastError, DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt, DateTimeOffset NextAttemptAt);
