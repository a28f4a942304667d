using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Infrastructure.Entities;

// One occurrence as an SDK sent it, after validation, scrubbing and capping. Exception, request and
// environment are JSONB documents; Extra keeps every field the intake does not know, plus its own notes.
public sealed class ErrorEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IssueId { get; set; }

    public Guid ProjectId { get; set; }

    // The SDK's own id. Unique per project through EventKey, not through this table: see EventKey.
    public Guid EventId { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    // The partition key (daily partitions, see EventPartitions): set by the intake's clock, never by the sender,
    // so every write lands in today's partition and no sender can place an event outside the kept window.
    public DateTimeOffset ReceivedAt { get; set; }

    public string? Platform { get; set; }

    public EventLevel Level { get; set; }

    public string? Message { get; set; }

    public string? Release { get; set; }

    public string? ServerName { get; set; }

    public string? Sdk { get; set; }

    public string? Exception { get; set; }

    public string? Request { get; set; }

    public string? Environment { get; set; }

    public string? Tags { get; set; }

    public string? Extra { get; set; }

    // The size this event added to its project's storage counters, so that deleting it takes off exactly that:
    // PostgreSQL measures a row it writes before compressing it and a row it reads after, so the two never agree.
    // Null for events stored before it was kept; those count as their stored row's size (StorageCounters).
    public int? StoredBytes { get; set; }
}
