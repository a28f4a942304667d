namespace FiveHundreds.Ingest.Intake;

// What one group commit did to its issues: which it created, which it reopened (they were resolved) and which
// returned from ignore (their condition passed).
public sealed record IssueChanges(HashSet<Guid> Created, HashSet<Guid> Reopened, HashSet<Guid> Returned)
{
    public static IssueChanges None() => new([], [], []);
}
