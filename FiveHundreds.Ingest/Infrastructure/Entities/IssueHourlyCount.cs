namespace FiveHundreds.Ingest.Infrastructure.Entities;

// Events of an issue per hour (by occurrence), kept by the intake so that charts never count events.
public sealed class IssueHourlyCount
{
    public Guid IssueId { get; set; }

    public DateTimeOffset Hour { get; set; }

    public long Count { get; set; }
}
