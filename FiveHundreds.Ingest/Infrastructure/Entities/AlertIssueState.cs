namespace FiveHundreds.Ingest.Infrastructure.Entities;

// Noise control for one rule and one issue: the quiet period, what it held back, and the frequency window.
public sealed class AlertIssueState
{
    public Guid RuleId { get; set; }

    public Guid IssueId { get; set; }

    public DateTimeOffset? LastNotifiedAt { get; set; }

    // Events of triggers that the quiet period held back since the last notification.
    public long HeldBackEvents { get; set; }

    public DateTimeOffset? WindowStartedAt { get; set; }

    public long WindowEvents { get; set; }

    public bool WindowFired { get; set; }
}
