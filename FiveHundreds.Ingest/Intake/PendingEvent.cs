using FiveHundreds.Ingest.Auth;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Intake;

// An event ready to be written: grouped, titled, its documents serialised for JSONB. ReportedBy is who reported a
// bug by hand; events from SDKs have none.
public sealed record PendingEvent(
    Guid ProjectId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    string? Platform,
    EventLevel Level,
    string? Message,
    string? Release,
    string? ServerName,
    string Fingerprint,
    string Title,
    string? Culprit,
    string SearchText,
    string? Sdk,
    string? Exception,
    string? Request,
    string? Environment,
    string? Tags,
    string? Extra,
    Actor? ReportedBy = null,
    AffectedUser? User = null,
    IReadOnlyList<FacetPair>? Facets = null)
{
    // What its strings take in memory (UTF-16), which is what a queue of waiting events holds.
    public long SizeInMemory() => 2L * (Fingerprint.Length + Title.Length + SearchText.Length
        + new[] { Platform, Message, Release, ServerName, Culprit, Sdk, Exception, Request, Environment, Tags, Extra }.Sum(s => s?.Length ?? 0)
        + (User is null ? 0 : User.Key.Length + (User.Id?.Length ?? 0) + (User.Email?.Length ?? 0))
        + (Facets?.Sum(f => f.Key.Length + f.Value.Length) ?? 0));
}

// StoredBytes: what this send added to the database (its row's size), 0 when the event was stored before.
public sealed record StoredEvent(Guid EventId, Guid IssueId, bool NewIssue, int StoredBytes);
