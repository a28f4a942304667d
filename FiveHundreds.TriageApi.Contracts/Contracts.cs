using System.Text.Json;
using System.Text.Json.Serialization;

namespace FiveHundreds.TriageApi.Contracts;

// Ignored: muted by hand, forever or until a condition passes; its events are still stored and counted, but it is
// not listed as unresolved.
public enum IssueStatus { Unresolved, Resolved, Ignored }

public enum IssueStatusFilter { Unresolved, Resolved, Ignored, All }

public enum TicketStatus { Backlog, InProgress, Done }

public enum EventLevel { Fatal, Error, Warning, Info, Debug }

// What an API token may do, each scope including the ones before it: read lists and details; triage also
// changes statuses, makes tickets and reports issues by hand; admin also manages keys, tokens and projects.
public enum TokenScope { Read, Triage, Admin }

// A person's role in the organisation, each including the ones before it: a viewer reads; a member also triages
// (status, assignment, tickets, hand-made issues); an admin also manages projects, keys, members, alerts and
// tokens; an owner also manages other owners.
public enum MemberRole { Viewer, Member, Admin, Owner }

// StorageFull is about no issue: the storage guard made the intake refuse events (the database's disk is low).
// ReturnedFromIgnore: an ignored issue's condition passed (its events, users or date) and it is unresolved again.
public enum AlertTrigger { NewIssue, Regression, Frequency, StorageFull, ReturnedFromIgnore }

public enum AlertChannel { Email, Webhook, Slack, Teams, Discord }

public enum AlertDeliveryState { Pending, Retrying, Sent, Failed }

// The issue list's assignee filter words, beside a person's id.
public static class AssigneeWords
{
    public const string Me = "me";
    public const string Unassigned = "none";
}

// A trusted front end (holding admin over all projects, as the dashboard does) passes the signing-in person's
// address in this header, so that the API throttles that address and not the front end's.
public static class TriageHeaders
{
    public const string ClientAddress = "X-FiveHundreds-Client-Address";
}

// Projects ----------------------------------------------------------------------------------------

public sealed record CreateProjectRequest(
    string Name, int? RateLimitPerMinute = null, IReadOnlyList<string>? ScrubNames = null, bool StoreIpAddresses = true);

// A project's scrubbing settings and daily quotas; an absent field keeps its value.
public sealed record UpdateProjectRequest(
    IReadOnlyList<string>? ScrubNames = null, bool? StoreIpAddresses = null, int? EventsPerDayQuota = null, long? StoredBytesPerDayQuota = null);

public sealed record ProjectDto(
    Guid Id, string Name, string Slug, string KeyPrefix, int? RateLimitPerMinute, DateTimeOffset CreatedAt,
    long EventsToday, long DroppedToday, string Dsn, IReadOnlyList<string> ScrubNames, bool StoreIpAddresses,
    IReadOnlyList<string> AllowedOrigins);

// What a project's kept events take (an estimate kept at write time: PostgreSQL's row sizes), its quotas in
// force (its own or the defaults), what it received and had refused today (UTC), by reason, and how long its
// events are kept (its own days, null for the default, and the days in force, never past the maximum).
public sealed record ProjectStorageDto(
    Guid Project, long StoredBytes, long EventsKept, DateTimeOffset? OldestEventAt, long EventsToday,
    int EventsPerDayQuota, long StoredBytesPerDayQuota, IReadOnlyDictionary<string, long> DropsToday,
    int? RetentionDays, int EffectiveRetentionDays);

// The web pages whose browser SDKs may send a project's events: "*", origins, hosts or "*.domain" patterns.
public sealed record AllowedOriginsDto(IReadOnlyList<string> AllowedOrigins);

// Days a project's events are kept: null for the ingest's default. The effective days are never more than the
// ingest's maximum.
public sealed record RetentionRequest(int? RetentionDays);

public sealed record RetentionDto(int? RetentionDays, int EffectiveRetentionDays);

// The only answers that carry a project's ingest key: creation and rotation.
public sealed record ProjectKeyDto(Guid Id, string Name, string Slug, string Key, string KeyPrefix, string Dsn);

// Issues ------------------------------------------------------------------------------------------

public sealed record IssueSummaryDto(
    Guid Id, Guid Project, string Title, string? Culprit, EventLevel Level, IssueStatus Status, long EventCount,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, Guid? TicketId, bool Regressed,
    [property: JsonPropertyName("events_last_24_hours")] IReadOnlyList<int> EventsLast24Hours, PersonDto? Assignee = null,
    long UsersAffected = 0, string? FirstRelease = null, string? LastRelease = null);

// A person as other people see them: in assignments and pickers.
public sealed record PersonDto(Guid Id, string Name);

// Who an issue is assigned to; null unassigns it.
public sealed record AssignIssueRequest(Guid? Assignee);

// The issue list's counts by status of everything that matches its project and search. Each is exact up to Limit;
// Limit + 1 stands for "more than Limit". Counting every match of a broad search is work in proportion to the
// project's issues on every list, so it stops there, as Sentry's tab counts stop at 99+.
public sealed record IssueCountsDto(long Unresolved, long Resolved, long Ignored)
{
    public const long Limit = 100;

    public long All => Math.Min(Unresolved + Resolved + Ignored, Limit + 1);

    // "100+" past the limit, else the count.
    public static string Text(long count) => count > Limit ? $"{Limit}+" : count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record IssuePageDto(IReadOnlyList<IssueSummaryDto> Items, string? NextCursor, IssueCountsDto Counts);

public sealed record TimeBucketDto(DateTimeOffset Start, long Count);

// EventsKept: the issue's events still stored, after retention and the per-issue cap; Issue.EventCount counts
// every event received. Ignore is the issue's current or last ignore (null if never ignored since its last change by
// hand); ResolvedAfterRelease is set while the issue is resolved in the next release: the newest release seen when it
// was resolved, which an event must be newer than to regress it.
public sealed record IssueDetailDto(
    IssueSummaryDto Issue, EventDto? LatestEvent, IReadOnlyList<TimeBucketDto> EventsPerHour,
    IReadOnlyList<TimeBucketDto> EventsPerDay, long EventsKept, IReadOnlyList<FacetDto>? Facets = null,
    IgnoreDto? Ignore = null, string? ResolvedAfterRelease = null);

// The most frequent values of one key among an issue's events (environment, release, browser, os, server_name,
// or a tag). Share is the value's part of all the issue's events, 0 to 1; the rest of them carried another value
// or none.
public sealed record FacetDto(string Key, IReadOnlyList<FacetValueDto> TopValues);

public sealed record FacetValueDto(string Value, long Count, double Share);

// Merges the issues into the target (one of them or another issue of the same project).
public sealed record MergeIssuesRequest(Guid Target, IReadOnlyList<Guid> Issues);

// How long an issue stays ignored: until a time, until this many more events arrive, or until this many more users
// (users affected, counted as the issue's users_affected) are hit; none of them means forever. At most one is given.
public sealed record IgnoreConditionDto(DateTimeOffset? Until = null, long? MoreEvents = null, long? MoreUsers = null);

// An ignore as it stands: since when, on what condition, how many more events and new users have arrived since, and
// when it ended because its condition passed (null while still ignored).
public sealed record IgnoreDto(
    DateTimeOffset IgnoredAt, IgnoreConditionDto Condition, long EventsSince, DateTimeOffset? ReturnedAt, long UsersSince = 0);

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
// A personal token (api/v1/me/tokens) may also expire; its scope and projects never reach beyond its owner's.
public sealed record CreateTokenRequest(
    string Name, TokenScope? Scope, IReadOnlyList<Guid>? Projects = null, bool AllProjects = false, DateTimeOffset? ExpiresAt = null);

public sealed record TokenCreatedDto(Guid Id, string Name, string Token, TokenScope Scope, bool AllProjects, IReadOnlyList<Guid> Projects);

public sealed record TokenDto(
    Guid Id, string Name, string Prefix, TokenScope Scope, bool AllProjects, IReadOnlyList<Guid> Projects, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null);

// People, sessions and invites ---------------------------------------------------------------------

// The user name, or the email address of an invited person.
public sealed record SignInRequest(string? UserName, string? Password);

// Single sign-on: the id_token the dashboard received from the OpenID Connect provider, which the API validates
// itself against the provider's signing keys before it makes a session.
public sealed record SsoSignInRequest(string? IdToken);

// The session token is in this answer only; the API keeps its hash.
public sealed record SessionCreatedDto(Guid Id, string Token, DateTimeOffset ExpiresAt, CallerDto Caller);

// Who the caller is and what they may do: a person (through a session or a personal token), or an automation
// token that belongs to nobody (Member null, owner-level).
public sealed record CallerDto(
    MemberDto? Member, MemberRole Role, TokenScope Scope, bool AllProjects, IReadOnlyList<Guid> Projects, string? ViaToken);

public sealed record MemberDto(
    Guid Id, string UserName, string? Email, string Name, MemberRole Role, bool AllProjects, IReadOnlyList<Guid> Projects,
    DateTimeOffset CreatedAt);

// An absent field keeps its value. Projects apply to members and viewers; owners and admins see every project.
public sealed record UpdateMemberRequest(MemberRole? Role = null, bool? AllProjects = null, IReadOnlyList<Guid>? Projects = null);

public sealed record SessionDto(
    Guid Id, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? ClientAddress, string? UserAgent, bool Current);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record CreateInviteRequest(string? Email, MemberRole? Role, IReadOnlyList<Guid>? Projects = null, bool AllProjects = false);

public sealed record InviteDto(
    Guid Id, string Email, MemberRole Role, bool AllProjects, IReadOnlyList<Guid> Projects, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

// The invite's one-time token and link are in this answer only. Emailed says whether it was also sent.
public sealed record InviteCreatedDto(InviteDto Invite, string Token, string? Link, bool Emailed);

public sealed record AcceptInviteRequest(string? Token, string? Name, string? Password);

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
