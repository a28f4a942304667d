using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Triage;

// Turns an issue into its one Scrum ticket, and moves or edits tickets.
public sealed class TicketService(
    FiveHundredsDbContext db, TriageReader reader, IssueActivityLog activity, IOptions<DashboardOptions> dashboard, TimeProvider clock)
{
    public sealed record Outcome(TicketDto Ticket, bool Created);

    public async Task<Outcome?> CreateFromIssueAsync(Guid issueId, CancellationToken ct)
    {
        if (!await reader.CanSeeIssueAsync(issueId, ct))
        {
            return null;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // The row lock makes two simultaneous clicks produce one ticket, the second answered with it.
            var issue = await db.Issues.FromSql($"SELECT * FROM issues WHERE id = {issueId} FOR UPDATE").SingleAsync(ct);
            if (issue.TicketId is { } existingId)
            {
                var existing = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == existingId, ct);
                return new Outcome(ToDto(existing), Created: false);
            }

            // Only a new ticket needs the issue's latest event for its description, which reads no counts per hour.
            var latest = await reader.LatestEventAsync(issueId, ct);
            var ticket = new Ticket
            {
                ProjectId = issue.ProjectId,
                IssueId = issue.Id,
                Title = issue.Title,
                Description = TicketDescriptionBuilder.Build(TriageReader.ToSummary(issue, []), latest, dashboard.Value.IssueUrl(issue.Id)),
            };
            db.Tickets.Add(ticket);
            issue.TicketId = ticket.Id;
            activity.Record(issue.Id, issue.ProjectId, IssueActivityKind.TicketCreated, ticketId: ticket.Id);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Outcome(ToDto(ticket), Created: true);
        });
    }

    // Applies what the request sets (already checked) and leaves the rest; null when the ticket does not exist or
    // the caller may not see it.
    public async Task<TicketDto?> UpdateAsync(Guid ticketId, UpdateTicketRequest request, CancellationToken ct)
    {
        var ticket = await reader.VisibleTickets().AsTracking().FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null)
        {
            return null;
        }
        ticket.Status = request.Status ?? ticket.Status;
        ticket.Title = request.Title?.Trim() ?? ticket.Title;
        ticket.Description = request.Description ?? ticket.Description;
        ticket.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return ToDto(ticket);
    }

    public static TicketDto ToDto(Ticket t) =>
        new(t.Id, t.ProjectId, t.IssueId, t.Title, t.Description, t.Status, t.CreatedAt, t.UpdatedAt);
}
