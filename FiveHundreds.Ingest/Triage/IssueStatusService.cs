using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.TriageApi.Client;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Triage;

// The one place an issue's status changes by hand. (A new event reopening a resolved issue is the intake's
// group-commit statement, which marks it regressed.)
public sealed class IssueStatusService(FiveHundredsDbContext db, TimeProvider clock)
{
    public Task SetStatusAsync(Guid issueId, IssueStatus status, CancellationToken ct) => status switch
    {
        // Resolving closes the regression too: if it comes back again, it regresses again.
        IssueStatus.Resolved => db.Issues.Where(i => i.Id == issueId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, IssueStatus.Resolved)
            .SetProperty(i => i.ResolvedAt, clock.GetUtcNow())
            .SetProperty(i => i.Regressed, false), ct),
        _ => db.Issues.Where(i => i.Id == issueId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, IssueStatus.Unresolved)
            .SetProperty(i => i.ResolvedAt, (DateTimeOffset?)null), ct),
    };
}
