using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Triage;

// The one place an issue's status changes by hand. (A new event reopening a resolved issue is the intake's
// group-commit statement, which marks it regressed.)
public sealed class IssueStatusService(TriageReader reader, TimeProvider clock)
{
    // False when the issue does not exist or the caller may not see it: the update is scoped like every read.
    public async Task<bool> SetStatusAsync(Guid issueId, IssueStatus status, CancellationToken ct)
    {
        var issue = reader.VisibleIssues().Where(i => i.Id == issueId);
        var changed = status switch
        {
            // Resolving closes the regression too: if it comes back again, it regresses again.
            IssueStatus.Resolved => await issue.ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, IssueStatus.Resolved)
                .SetProperty(i => i.ResolvedAt, clock.GetUtcNow())
                .SetProperty(i => i.Regressed, false), ct),
            _ => await issue.ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, IssueStatus.Unresolved)
                .SetProperty(i => i.ResolvedAt, (DateTimeOffset?)null), ct),
        };
        return changed > 0;
    }
}
