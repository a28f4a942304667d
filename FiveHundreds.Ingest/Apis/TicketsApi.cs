using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

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
        Guid? projectId = null;
        if (!string.IsNullOrEmpty(project))
        {
            if (await reader.FindProjectAsync(project, ct) is not { } found)
            {
                return ApiProblems.NotFound($"No project '{project}'.");
            }
            projectId = found.Id;
        }
        TicketStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!WireWords.TryParse<TicketStatus>(status, out var parsed))
            {
                return ApiProblems.BadRequest("status must be backlog, in_progress or done.");
            }
            wanted = parsed;
        }
        return TypedResults.Ok((await reader.ListTicketsAsync(projectId, wanted, ct)).ToList());
    }

    public static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> GetTicketAsync(Guid id, TriageReader reader, CancellationToken ct) =>
        await reader.FindTicketAsync(id, ct) is { } ticket ? TypedResults.Ok(ticket) : ApiProblems.NotFound($"No ticket {id}.");

    public static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> UpdateTicketAsync(
        Guid id, UpdateTicketRequest request, TicketService tickets, CancellationToken ct)
    {
        if (request.Status is { } status && !Enum.IsDefined(status))
        {
            return ApiProblems.BadRequest("status must be backlog, in_progress or done.");
        }
        if (request.Title is { } title && (string.IsNullOrWhiteSpace(title) || title.Length > FieldLimits.TicketTitle))
        {
            return ApiProblems.BadRequest($"title must be non-empty, at most {FieldLimits.TicketTitle} characters.");
        }
        if (request.Description?.Length > FieldLimits.TicketDescription)
        {
            return ApiProblems.BadRequest($"description is at most {FieldLimits.TicketDescription / 1024} KiB.");
        }
        return await tickets.UpdateAsync(id, request, ct) is { } updated ? TypedResults.Ok(updated) : ApiProblems.NotFound($"No ticket {id}.");
    }
}
