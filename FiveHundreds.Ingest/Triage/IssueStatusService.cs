using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Triage;

// The one place an issue's status changes by hand. (A new event reopening a resolved issue is the intake's
// group-commit statement, which marks it regressed.)
public sealed class IssueStatusService(FiveHundredsDbContext db, TriageReader reader, IssueActivityLog activity, TimeProvider clock)
{
    // False when the issue does not exist or the caller may not see it: the update is scoped like every read.
    // Setting the status an issue already has changes nothing and logs nothing; a change is logged with who made it,
    // in its transaction, and the status condition in the update makes two simultaneous clicks log one entry.
    public async Task<bool> SetStatusAsync(Guid issueId, IssueStatus status, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var issue = reader.VisibleIssues().Where(i => i.Id == issueId);
            var changing = issue.Where(i => i.Status != status);
            var changed = status switch
            {
                // Resolving closes the regression too: if it comes back again, it regresses again.
                IssueStatus.Resolved => await changing.ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, IssueStatus.Resolved)
                    .SetProperty(i => i.ResolvedAt, clock.GetUtcNow())
                    .SetProperty(i => i.Regressed, false), ct),
                _ => await changing.ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, IssueStatus.Unresolved)
                    .SetProperty(i => i.ResolvedAt, (DateTimeOffset?)null), ct),
            };
            if (changed == 0)
            {
                return await reader.CanSeeIssueAsync(issueId, ct);
            }
            var projectId = await issue.Select(i => i.ProjectId).SingleAsync(ct);
            activity.Record(issueId, projectId, status == IssueStatus.Resolved ? IssueActivityKind.Resolved : IssueActivityKind.Reopened);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        });
    }
}
