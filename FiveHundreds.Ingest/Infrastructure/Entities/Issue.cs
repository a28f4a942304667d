using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Infrastructure.Entities;

public sealed class Issue
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProjectId { get; set; }

    public required string Fingerprint { get; set; }

    public required string Title { get; set; }

    public string? Culprit { get; set; }

    public EventLevel Level { get; set; } = EventLevel.Error;

    public IssueStatus Status { get; set; } = IssueStatus.Unresolved;

    // Denormalised so that no list ever counts events. Every event received, whatever retention removed since.
    public long EventCount { get; set; }

    // The event_count at which the per-issue cap of kept events was last applied: the cap looks again only at
    // issues that have received events since, instead of counting every large issue's events on every pass.
    public long CappedAtEventCount { get; set; }

    // Distinct users (by IssueUser's key), bumped by the intake for each new user row: never counted on a read.
    public long UsersAffected { get; set; }

    public DateTimeOffset FirstSeen { get; set; }

    public DateTimeOffset LastSeen { get; set; }

    // Set when a resolved issue receives a new event; cleared when it is resolved again.
    public bool Regressed { get; set; }

    // The release of the earliest and of the latest event that named one.
    public string? FirstRelease { get; set; }

    public string? LastRelease { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    // While resolved in the next release: the newest release seen at resolving. Only an event from a newer
    // release regresses the issue (ReleaseOrder says what newer means).
    public string? ResolvedAfterRelease { get; set; }

    // The last ignore: when, its condition (a time, more events over the count at ignoring, or more users over the
    // users affected at ignoring) and when the condition passed. Kept after the issue returns so that its page can
    // say why; cleared by the next change by hand.
    public DateTimeOffset? IgnoredAt { get; set; }

    public DateTimeOffset? IgnoreUntil { get; set; }

    public long? IgnoreMoreEvents { get; set; }

    public long? IgnoredAtEventCount { get; set; }

    public long? IgnoreMoreUsers { get; set; }

    public long? IgnoredAtUsersAffected { get; set; }

    public DateTimeOffset? ReturnedFromIgnoreAt { get; set; }

    public Guid? TicketId { get; set; }

    public Guid? AssigneeId { get; set; }

    // Title, culprit and every exception type and value of the first event, for search.
    public required string SearchText { get; set; }
}
