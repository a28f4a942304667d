using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Triage;

// The one place an issue's status changes by hand. (New events reopening a resolved issue or returning an ignored
// one are the intake's group-commit statement; an ignore that ends at its time is IgnoreExpiry's.)
public sealed class IssueStatusService(FiveHundredsDbContext db, TriageReader reader, IssueActivityLog activity, TimeProvider clock)
{
    // The releases weighed when resolving in the next release, most recently first seen: a project that names
    // every build a release has more, and the newest is among the recent ones.
    private const int MaxReleasesWeighed = 10_000;

    public enum Outcome { Changed, NotFound, NoRelease }

    // NotFound when the issue does not exist or the caller may not see it: the update is scoped like every read.
    // NoRelease when resolving in the next release a project that never sent a release.
    // A change is logged with who made it, in its transaction. Reopening or resolving an issue that already stands
    // so changes nothing and logs nothing (the status condition in the update makes two simultaneous clicks log one
    // entry); an ignore or a resolve in the next release always starts its condition afresh.
    public async Task<Outcome> SetStatusAsync(Guid issueId, UpdateIssueRequest request, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var issue = reader.VisibleIssues().Where(i => i.Id == issueId);
            if (await issue.Select(i => (Guid?)i.ProjectId).FirstOrDefaultAsync(ct) is not { } projectId)
            {
                return Outcome.NotFound;
            }
            string? resolvedAfter = null;
            if (request is { Status: IssueStatus.Resolved, InNextRelease: true })
            {
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
            var now = clock.GetUtcNow();
            var ignore = request.Status == IssueStatus.Ignored ? request.Ignore ?? new IgnoreConditionDto() : null;
            var (resolving, ignoring) = (request.Status == IssueStatus.Resolved, ignore is not null);
            DateTimeOffset? resolvedAt = resolving ? now : null;
            DateTimeOffset? ignoredAt = ignoring ? now : null;
            var (ignoreUntil, ignoreMoreEvents, ignoreMoreUsers) = (ignore?.Until, ignore?.MoreEvents, ignore?.MoreUsers);
            var changing = request switch
            {
                { Status: IssueStatus.Unresolved } => issue.Where(i => i.Status != IssueStatus.Unresolved),
                { Status: IssueStatus.Resolved, InNextRelease: false } =>
                    issue.Where(i => i.Status != IssueStatus.Resolved || i.ResolvedAfterRelease != null),
                _ => issue,
            };

            // Every change by hand starts the issue's workflow afresh: a past ignore or release is forgotten.
            var changed = await changing.ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, request.Status)
                // Resolving closes the regression too: if it comes back again, it regresses again.
                .SetProperty(i => i.Regressed, i => !resolving && i.Regressed)
                .SetProperty(i => i.ResolvedAt, resolvedAt)
                .SetProperty(i => i.ResolvedAfterRelease, resolvedAfter)
                .SetProperty(i => i.IgnoredAt, ignoredAt)
                .SetProperty(i => i.IgnoreUntil, ignoreUntil)
                .SetProperty(i => i.IgnoreMoreEvents, ignoreMoreEvents)
                .SetProperty(i => i.IgnoredAtEventCount, i => ignoring ? i.EventCount : (long?)null)
                .SetProperty(i => i.IgnoreMoreUsers, ignoreMoreUsers)
                .SetProperty(i => i.IgnoredAtUsersAffected, i => ignoring ? i.UsersAffected : (long?)null)
                .SetProperty(i => i.ReturnedFromIgnoreAt, (DateTimeOffset?)null), ct);
            if (changed == 0)
            {
                // Already so, or merged away since the look-up above.
                return await reader.CanSeeIssueAsync(issueId, ct) ? Outcome.Changed : Outcome.NotFound;
            }
            activity.Record(issueId, projectId, request switch
            {
                { Status: IssueStatus.Ignored } => IssueActivityKind.Ignored,
                { Status: IssueStatus.Resolved, InNextRelease: true } => IssueActivityKind.ResolvedInNextRelease,
                { Status: IssueStatus.Resolved } => IssueActivityKind.Resolved,
                _ => IssueActivityKind.Reopened,
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Outcome.Changed;
        });
    }
}
