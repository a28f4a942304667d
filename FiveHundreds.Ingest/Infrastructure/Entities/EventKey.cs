namespace FiveHundreds.Ingest.Infrastructure.Entities;

// The one record that an SDK's event id was stored for a project, so that a retried send stores nothing new.
// It lives outside the events table because a unique key on a partitioned table must include the partition
// column (received_at), and a retry arrives at another time: only a key of (project, event id) alone catches it.
public sealed class EventKey
{
    public Guid ProjectId { get; set; }

    public Guid EventId { get; set; }

    public Guid IssueId { get; set; }

    // When the event was stored; keys are forgotten with the last partition that could hold their event.
    public DateTimeOffset ReceivedAt { get; set; }
}
