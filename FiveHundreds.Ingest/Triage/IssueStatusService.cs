using FiveHundreds.Ingest.Intake;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Triage;

// The one place an issue's status changes by hand. (New events reopening a resolved issue or returning an ignored
// one are the intake's group-commit statement; an ignore that ends at its time is IgnoreExpiry's.)
public sealed class IssueStatusService(TriageReader reader, TimeProvider clock)
{
    // The releases weighed when resolving in the next release, most recently first seen: a project that names
    // every build a release has more, and the newest is among the recent ones.
    private const int MaxReleasesWeighed = 10_000;

    public enum Outcome { Changed, NotFound, NoRelease }

    // NotFound when the issue does not exist or the caller may not see it: the update is scoped like every read.
    // NoRelease when resolving in the next release a project that never sent a release.
    public async Task<Outcome> SetStatusAsync(Guid issueId, UpdateIssueRequest request, CancellationToken ct)
    {
        var issue = reader.VisibleIssues().Where(i => i.Id == issueId);
        var now = clock.GetUtcNow();
        string? resolvedAfter = null;
        if (request is { Status: IssueStatus.Resolved, InNextRelease: true })
        {
            if (await issue.Select(i => (Guid?)i.ProjectId).FirstOrDefaultAsync(ct) is not { } projectId)
            {
                return Outcome.NotFound;
            }
            var releases = await reader.VisibleReleases()
                .Where(r => r.ProjectId == projectId)
                .OrderByDescending(r => r.FirstSeen).Take(MaxReleasesWeighed)
                .Select(r => new ReleaseOrder.Release(r.Version, r.FirstSeen))
                .ToListAsync(ct);
            if (ReleaseOrder.Newest(releases) is not { } newest)
            {
                return Outcome.NoRelease;
            }
            resolvedAfter = newest.Version;
        }
        var ignore = request.Status == IssueStatus.Ignored ? request.Ignore ?? new IgnoreConditionDto() : null;
        var (resolving, ignoring) = (request.Status == IssueStatus.Resolved, ignore is not null);
        DateTimeOffset? resolvedAt = resolving ? now : null;
        DateTimeOffset? ignoredAt = ignoring ? now : null;
        var (ignoreUntil, ignoreMoreEvents) = (ignore?.Until, ignore?.MoreEvents);

        // Every change by hand starts the issue's workflow afresh: a past ignore or release is forgotten.
        var changed = await issue.ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, request.Status)
            // Resolving closes the regression too: if it comes back again, it regresses again.
            .SetProperty(i => i.Regressed, i => !resolving && i.Regressed)
            .SetProperty(i => i.ResolvedAt, resolvedAt)
            .SetProperty(i => i.ResolvedAfterRelease, resolvedAfter)
            .SetProperty(i => i.IgnoredAt, ignoredAt)
            .SetProperty(i => i.IgnoreUntil, ignoreUntil)
            .SetProperty(i => i.IgnoreMoreEvents, ignoreMoreEvents)
            .SetProperty(i => i.IgnoredAtEventCount, i => ignoring ? i.EventCount : (long?)null)
            .SetProperty(i => i.ReturnedFromIgnoreAt, (DateTimeOffset?)null), ct);
        return changed > 0 ? Outcome.Changed : Outcome.NotFound;
    }
}
