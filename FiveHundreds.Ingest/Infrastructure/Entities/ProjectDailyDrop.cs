namespace FiveHundreds.Ingest.Infrastructure.Entities;

// Events of a project the intake refused on one UTC day, for one reason (DropReasons).
public sealed class ProjectDailyDrop
{
    public Guid ProjectId { get; set; }

    public DateOnly Day { get; set; }

    public required string Reason { get; set; }

    public long Count { get; set; }
}
