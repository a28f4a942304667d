using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Infrastructure.Entities;

// One notification to one destination. Its id is sent with every attempt, so receivers can drop repeats.
public sealed class AlertDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProjectId { get; set; }

    public Guid RuleId { get; set; }

    public Guid DestinationId { get; set; }

    // Null for a test alert, which is sent by hand and about no issue.
    public Guid? IssueId { get; set; }

    public bool IsTest { get; set; }

    public AlertTrigger Trigger { get; set; }

    // Events the quiet period held back before this notification ("and 37 more events").
    public long HeldBackEvents { get; set; }

    public AlertDeliveryState State { get; set; } = AlertDeliveryState.Pending;

    public int Attempts { get; set; }

    // When the next attempt is due; while an attempt runs, when its claim expires.
    public DateTimeOffset NextAttemptAt { get; set; } = DateTimeOffset.UtcNow;

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? SentAt { get; set; }
}
