using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Triage;

// What the issue list asks for, already checked: project by id or slug, status filter (which an is: term of the
// search replaces), the parsed search, assignee, and the page (start after a cursor, at most Limit rows).
public sealed record IssueListQuery(
    string? Project, IssueStatusFilter Status, IssueSearch Search, KeysetCursor? After, int Limit, AssigneeFilter? Assignee = null);

// Only the issues assigned to one person, or (Person null) only the unassigned ones.
public sealed record AssigneeFilter(Guid? Person);
