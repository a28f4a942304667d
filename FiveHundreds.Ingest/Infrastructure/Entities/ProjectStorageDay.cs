namespace FiveHundreds.Ingest.Infrastructure.Entities;

// A project's share of ProjectStorage received on one UTC day: the events kept in that day's partition. Dropping the
// partition takes these off the project's totals without reading the events it held.
public sealed class ProjectStorageDay
{
    public Guid ProjectId { get; set; }

    public DateOnly Day { get; set; }

    public long Events { get; set; }

    public long Bytes { get; set; }
}
