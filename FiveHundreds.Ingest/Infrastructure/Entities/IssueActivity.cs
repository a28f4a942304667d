using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Infrastructure.Entities;

// One entry of an issue's activity log. The actor columns are null when the intake acted (a new issue, a
// regression); ProjectId is the issue's, so that the log is scoped like every other project-owned row.
public sealed class IssueActivity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IssueId { get; set; }

    public Guid ProjectId { get; set; }

    public IssueActivityKind Kind { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string? ActorName { get; set; }

    public Guid? ActorUserId { get; set; }

    public string? ViaToken { get; set; }

    // A comment's Markdown, as written.
    public string? Body { get; set; }

    public Guid? TicketId { get; set; }

    // Whom an assigned entry handed the issue to, and their name then (it outlives the person's removal).
    public Guid? AssigneeUserId { get; set; }

    public string? AssigneeName { get; set; }
}
