using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Intake;

// An issue whose new events do not by themselves make it unresolved: it is ignored, or resolved in the next
// release. The group commit reads these before it touches the issues and releases only those whose condition the
// batch's events pass.
public sealed record HeldIssue(
    Guid Id,
    Guid ProjectId,
    string Fingerprint,
    IssueStatus Status,
    long EventCount,
    DateTimeOffset? IgnoreUntil,
    long? IgnoreMoreEvents,
    long? IgnoredAtEventCount,
    ReleaseOrder.Release? ResolvedAfter)
{
    // Whether these new events (the batch's, of this issue) end the hold. releaseOf gives what the project knows of
    // a release named by an event.
    public bool IsReleasedBy(IReadOnlyCollection<PendingEvent> events, DateTimeOffset now, Func<string, ReleaseOrder.Release> releaseOf) =>
        Status switch
        {
            IssueStatus.Ignored => IgnoreUntil <= now
                || (IgnoreMoreEvents is { } more && EventCount + events.Count - (IgnoredAtEventCount ?? 0) >= more),
            // An event that names no release cannot come from a newer one: it leaves the issue resolved.
            IssueStatus.Resolved => ResolvedAfter is { } after
                && events.Any(e => e.Release is { } release && ReleaseOrder.IsNewer(releaseOf(release), after)),
            _ => true,
        };
}
