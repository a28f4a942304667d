namespace FiveHundreds.Ingest.Infrastructure.Entities;

// Events of an issue per UTC day (by occurrence), kept for ever: hourly counts go with the project's retention,
// these totals never do.
public sealed class IssueDailyCount
{
    public Guid IssueId { get; set; }

    public DateOnly Day { get; set; }

    public long Count { get; set; }
}
