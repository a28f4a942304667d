using System.ComponentModel.DataAnnotations;

namespace FiveHundreds.Ingest.Retention;

// How long events are kept. A project chooses its own days (or takes DefaultDays); none keeps more than MaxDays,
// which bounds the disk a year of traffic can take whatever a project asks for.
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    [Range(1, 3650)]
    public int DefaultDays { get; set; } = 90;

    [Range(1, 3650)]
    public int MaxDays { get; set; } = 90;

    // Kept events per issue: the first one and the newest ones (at least 2, so that both kinds exist).
    [Range(2, int.MaxValue)]
    public int MaxEventsPerIssue { get; set; } = 10_000;

    // Daily partitions created in advance, so that a day never starts without one even if the ingest was down.
    [Range(1, 366)]
    public int PartitionDaysAhead { get; set; } = 7;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PassInterval { get; set; } = TimeSpan.FromHours(1);

    // Rows one statement of the pass deletes at most: a statement holds its row locks and writes its WAL in one go,
    // so the intake never waits long behind it.
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 2_000;

    // The share of its running time the pass spends working: after each statement it rests in proportion to how long
    // the statement took (0.1: nine times as long), as autovacuum's cost delay lets the foreground work go first.
    [Range(0.01, 1.0)]
    public double WorkingShare { get; set; } = 0.1;

    // The days a project's events are kept, its own choice or the default, never past the maximum.
    public int EffectiveDays(int? projectDays) => Math.Min(projectDays ?? DefaultDays, MaxDays);
}
