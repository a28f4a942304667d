namespace FiveHundreds.Ingest.Infrastructure.Entities;

// What a project's kept events take, maintained by the statements that insert and delete events so that the
// Projects page never scans the events table. Bytes are PostgreSQL's row sizes (pg_column_size) at insert.
public sealed class ProjectStorage
{
    public Guid ProjectId { get; set; }

    public long Events { get; set; }

    public long Bytes { get; set; }

    // When the oldest kept event occurred; null while the project keeps none.
    public DateTimeOffset? OldestEventAt { get; set; }
}
