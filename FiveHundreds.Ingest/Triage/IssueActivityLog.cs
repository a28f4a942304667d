using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Triage;

// An issue's activity log as the triage API writes and reads it: entries made by the caller (status changes,
// tickets, comments) and the log itself, newest first. The intake's own entries (created, regressed) are written
// by its group commit.
public sealed class IssueActivityLog(FiveHundredsDbContext db, TriageReader reader, TriageCaller caller, TimeProvider clock)
{
    // Adds the caller's entry to the context: it is saved with the change it records, in the same SaveChanges.
    public IssueActivity Record(
        Guid issueId, Guid projectId, IssueActivityKind kind, string? body = null, Guid? ticketId = null, PersonDto? assignee = null)
    {
        var actor = caller.Actor;
        var entry = new IssueActivity
        {
            IssueId = issueId,
            ProjectId = projectId,
            Kind = kind,
            OccurredAt = clock.GetUtcNow(),
            ActorName = actor.Name,
            ActorUserId = actor.UserId,
            ViaToken = actor.ViaToken,
            Body = body,
            TicketId = ticketId,
            AssigneeUserId = assignee?.Id,
            AssigneeName = assignee?.Name,
        };
        db.IssueActivities.Add(entry);
        return entry;
    }

    // Null when the issue does not exist or the caller may not see it. The body is checked by the caller.
    public async Task<ActivityEntryDto?> AddCommentAsync(Guid issueId, string body, CancellationToken ct)
    {
        var projectId = await reader.VisibleIssues().Where(i => i.Id == issueId).Select(i => (Guid?)i.ProjectId).FirstOrDefaultAsync(ct);
        if (projectId is null)
        {
            return null;
        }
        var entry = Record(issueId, projectId.Value, IssueActivityKind.Comment, body: body);
        await db.SaveChangesAsync(ct);
        return ToDto(entry);
    }

    // One page of the issue's log, newest first; null when the issue is unknown or not visible.
    public async Task<ActivityPageDto?> ListAsync(Guid issueId, KeysetCursor? after, int limit, bool canComment, CancellationToken ct)
    {
        if (!await reader.CanSeeIssueAsync(issueId, ct))
        {
            return null;
        }
        var entries = reader.VisibleActivities().Where(a => a.IssueId == issueId);
        if (after is { } c)
        {
            entries = entries.Where(a => EF.Functions.LessThan(ValueTuple.Create(a.OccurredAt, a.Id), ValueTuple.Create(c.Time, c.Id)));
        }
        var (rows, hasMore) = await entries.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id).TakePageAsync(limit, ct);
        return new ActivityPageDto(
            [.. rows.Select(ToDto)],
            hasMore ? new KeysetCursor(rows[^1].OccurredAt, rows[^1].Id).Encode() : null,
            canComment);
    }

    public static ActivityEntryDto ToDto(IssueActivity a) => new(
        a.Id, a.IssueId, a.Kind, a.OccurredAt,
        a.ActorName is null ? null : new ActorDto(a.ActorName, a.ActorUserId, a.ViaToken),
        a.Body, a.TicketId,
        a.AssigneeName is null ? null : new PersonDto(a.AssigneeUserId ?? Guid.Empty, a.AssigneeName));
}
