using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Infrastructure.Entities;

// The outbox: written by the intake in the transaction that stores the events causing it, so that an alert
// survives a crash right after the commit. The dispatcher turns intents into deliveries and deletes them.
public sealed class AlertIntent
{
    public long Id { get; set; }

    public Guid RuleId { get; set; }

    public Guid IssueId { get; set; }

    public AlertTrigger Trigger { get; set; }

    // How many of the batch's events matched the rule.
    public int EventCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
