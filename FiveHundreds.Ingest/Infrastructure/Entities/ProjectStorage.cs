namespace FiveHundreds.Ingest.Infrastructure.Entities;

// What a project's kept events take, maintained by the statements that insert and delete events (and drop their
// partitions) so that the Projects page never scans the events table. Bytes are PostgreSQL's row sizes
// (pg_column_size) at insert, each event's kept in its stored_bytes. ProjectStorageDay holds the same per day.
public sealed class ProjectStorage
{
    public Guid ProjectId { get; set; }

    public long Events { get; set; }

    public long Bytes { get; set; }

    // When the oldest kept event was received; null while the project keeps none. Received rather than occurred:
    // retention goes by arrival, and a sender's own timestamp may say anything.
    public DateTimeOffset? OldestEventAt { get; set; }
}
