namespace FiveHundreds.Ingest.Intake;

// What one group commit did to its issues: which it created, and which it reopened (they were resolved).
public sealed record IssueChanges(HashSet<Guid> Created, HashSet<Guid> Reopened);
