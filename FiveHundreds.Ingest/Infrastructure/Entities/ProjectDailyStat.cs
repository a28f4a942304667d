namespace FiveHundreds.Ingest.Infrastructure.Entities;

// Events a project had accepted and dropped by its rate limit, per UTC day.
public sealed class ProjectDailyStat
{
    public Guid ProjectId { get; set; }

    public DateOnly Day { get; set; }

    public long Received { get; set; }

    public long Dropped { get; set; }
}
