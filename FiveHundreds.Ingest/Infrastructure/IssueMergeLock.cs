namespace FiveHundreds.Ingest.Infrastructure;

// The PostgreSQL advisory lock that orders a merge of issues against the intake's group commits: every commit
// holds it shared, a merge holds it exclusive. Without it a commit could read a fingerprint as unmerged, wait on
// the merge's row locks, and then find the merged issue deleted and file the event under a new issue.
public static class IssueMergeLock
{
    // Any fixed number no other part of FiveHundreds takes; the letters "500M" in ASCII.
    public const long Key = 0x3530304D;
}
