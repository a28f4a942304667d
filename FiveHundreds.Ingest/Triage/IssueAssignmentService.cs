using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Triage;

// The one place an issue's assignee changes. The assignee must be a member (or admin or owner) who can see the
// issue's project, so nobody is handed an issue they cannot open or resolve; they are told by email when SMTP is
// configured and someone else assigned them.
public sealed class IssueAssignmentService(
    FiveHundredsDbContext db, TriageReader reader, TriageCaller caller, IssueActivityLog activity, TeamEmail email,
    IOptions<DashboardOptions> dashboard)
{
    // False when the issue does not exist or the caller may not see it.
    public async Task<bool> AssignAsync(Guid issueId, Guid? assignee, CancellationToken ct)
    {
        var issue = await reader.VisibleIssues().Where(i => i.Id == issueId).Select(i => new { i.ProjectId, i.Title }).FirstOrDefaultAsync(ct);
        if (issue is null)
        {
            return false;
        }
        var person = assignee is { } id
            ? await db.Users.AsNoTracking().Where(u => u.Id == id)
                .Select(u => new { u.Email, u.DisplayName, u.Role, u.AllProjects, u.ProjectIds }).FirstOrDefaultAsync(ct)
            : null;
        if (assignee is not null)
        {
            if (person is null || person.Role == MemberRole.Viewer)
            {
                throw TeamRequestRefusedException.Invalid("assignee must be a member, admin or owner.");
            }
            if (!person.AllProjects && !MemberRoles.SeesEveryProject(person.Role) && !person.ProjectIds.Contains(issue.ProjectId))
            {
                throw TeamRequestRefusedException.Invalid("assignee cannot see this issue's project.");
            }
        }
        // The change and its activity entry ("assigned to X by Y", "unassigned by Y") together, and only a change.
        var strategy = db.Database.CreateExecutionStrategy();
        var changed = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var updated = await reader.VisibleIssues().Where(i => i.Id == issueId && i.AssigneeId != assignee)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AssigneeId, assignee), ct);
            if (updated == 0)
            {
                return false;
            }
            var handedTo = assignee is { } to ? new PersonDto(to, person!.DisplayName) : null;
            activity.Record(issueId, issue.ProjectId, handedTo is null ? IssueActivityKind.Unassigned : IssueActivityKind.Assigned, assignee: handedTo);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        });
        if (changed && person?.Email is { } address && assignee != caller.UserId)
        {
            await email.SendAssignedAsync(address, issue.Title, caller.Name ?? "An automation token", dashboard.Value.IssueUrl(issueId), ct);
        }
        return true;
    }
}
