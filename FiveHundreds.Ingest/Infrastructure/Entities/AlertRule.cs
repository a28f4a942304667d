using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Infrastructure.Entities;

// When a project's team is told about an issue, and where.
public sealed class AlertRule
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProjectId { get; set; }

    public required string Name { get; set; }

    public AlertTrigger Trigger { get; set; }

    // Only events at this level or more severe (Fatal is the most severe); null: every level.
    public EventLevel? MinimumLevel { get; set; }

    // Only events whose environment tag is this one; null: every environment.
    public string? Environment { get; set; }

    // Only issues whose title or culprit contains this text (case-insensitive); null: every issue.
    public string? TextContains { get; set; }

    // Frequency rules: at least FrequencyCount events of one issue within FrequencyWindowMinutes.
    public int? FrequencyCount { get; set; }

    public int? FrequencyWindowMinutes { get; set; }

    // At most one notification per issue in this time; what it held back is summarised in the next one.
    public int QuietPeriodMinutes { get; set; } = 30;

    public bool Enabled { get; set; } = true;

    public Guid[] DestinationIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
