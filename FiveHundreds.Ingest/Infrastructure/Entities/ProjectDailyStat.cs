namespace FiveHundreds.Ingest.Infrastructure.Entities;

// Events a project had accepted per UTC day; what it had refused is counted by reason in ProjectDailyDrop.
public sealed class ProjectDailyStat
{
    public Guid ProjectId { get; set; }

    public DateOnly Day { get; set; }

    public long Received { get; set; }
}
