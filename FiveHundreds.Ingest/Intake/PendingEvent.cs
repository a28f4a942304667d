using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Intake;

// An event ready to be written: grouped, titled, its documents serialised for JSONB.
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
    string? Extra);

public sealed record StoredEvent(Guid EventId, Guid IssueId, bool NewIssue);
