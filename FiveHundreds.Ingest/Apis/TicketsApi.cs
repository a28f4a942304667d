using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Apis;

public static class TicketsApi
{
    public static IEndpointRouteBuilder MapTicketsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/issues/{id:guid}/ticket", CreateTicketFromIssueAsync).WithTags("Tickets")
            .WithSummary("Create the issue's Scrum ticket with a filled-in description, or answer the one it has")
            .RequireAuthorization(AuthorizationPolicies.Triage).ProducesProblem(403).ProducesProblem(404);

        var tickets = app.MapGroup("/api/v1/tickets").WithTags("Tickets").RequireAuthorization();
        tickets.MapGet("/", ListTicketsAsync).WithSummary("Scrum tickets, most recently updated first").ProducesProblem(400).ProducesProblem(404);
        tickets.MapGet("/{id:guid}", GetTicketAsync).WithSummary("One ticket").ProducesProblem(404);
        tickets.MapPatch("/{id:guid}", UpdateTicketAsync).WithSummary("Move a ticket or edit its title and description")
            .RequireAuthorization(AuthorizationPolicies.Triage).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    public static async Task<Results<Created<TicketDto>, Ok<TicketDto>, ProblemHttpResult>> CreateTicketFromIssueAsync(
        Guid id, TicketService tickets, CancellationToken ct)
    {
        var outcome = await tickets.CreateFromIssueAsync(id, ct);
        if (outcome is null)
        {
            return ApiProblems.NotFound($"No issue {id}.");
        }
        return outcome.Created
            ? TypedResults.Created($"/api/v1/tickets/{outcome.Ticket.Id}", outcome.Ticket)
            : TypedResults.Ok(outcome.Ticket);
    }

    public static async Task<Results<Ok<List<TicketDto>>, ProblemHttpResult>> ListTicketsAsync(
        string? project, string? status, TriageReader reader, CancellationToken ct)
    {
        var tickets = reader.VisibleTickets();
        if (!string.IsNullOrEmpty(project))
        {
            if (await reader.FindProjectAsync(project, ct) is not { } found)
            {
                return ApiProblems.NotFound($"No project '{project}'.");
            }
            tickets = tickets.Where(t => t.ProjectId == found.Id);
        }
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<TicketStatus>(status.Replace("_", ""), ignoreCase: true, out var wanted) || int.TryParse(status, out _))
            {
                return ApiProblems.BadRequest("status must be backlog, in_progress or done.");
            }
            tickets = tickets.Where(t => t.Status == wanted);
        }
        var rows = await tickets.OrderByDescending(t => t.UpdatedAt).Take(500).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(TicketService.ToDto).ToList());
    }

    public static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> GetTicketAsync(Guid id, TriageReader reader, CancellationToken ct)
    {
        var ticket = await reader.VisibleTickets().FirstOrDefaultAsync(t => t.Id == id, ct);
        return ticket is not null
            ? TypedResults.Ok(TicketService.ToDto(ticket))
            : ApiProblems.NotFound($"No ticket {id}.");
    }

    public static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> UpdateTicketAsync(
        Guid id, UpdateTicketRequest request, FiveHundredsDbContext db, TriageCaller caller, TimeProvider clock, CancellationToken ct)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null || !caller.CanSee(ticket.ProjectId))
        {
            return ApiProblems.NotFound($"No ticket {id}.");
        }
        if (request.Status is { } status && !Enum.IsDefined(status))
        {
            return ApiProblems.BadRequest("status must be backlog, in_progress or done.");
        }
        if (request.Title is { } title && (string.IsNullOrWhiteSpace(title) || title.Length > 1000))
        {
            return ApiProblems.BadRequest("title must be non-empty, at most 1000 characters.");
        }
        if (request.Description?.Length > 256 * 1024)
        {
            return ApiProblems.BadRequest("description is at most 256 KiB.");
        }
        ticket.Status = request.Status ?? ticket.Status;
        ticket.Title = request.Title?.Trim() ?? ticket.Title;
        ticket.Description = request.Description ?? ticket.Description;
        ticket.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TicketService.ToDto(ticket));
    }
}
