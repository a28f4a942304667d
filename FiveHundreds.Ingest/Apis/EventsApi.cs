using FiveHundreds.Ingest.Intake;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FiveHundreds.Ingest.Apis;

public static class EventsApi
{
    // The product's documented intake header name (README, both SDKs): published and sent by SDKs already, so it
    // stays as it is although it does not carry the FiveHundreds name.
    public const string KeyHeader = "X-Monolynx-Key";

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/events", IngestEventAsync)
            .WithTags("Intake")
            .WithSummary("Receive one error event from an SDK")
            .AllowAnonymous()
            .AddEndpointFilter<DroppedEventFilter>()
            .RequireCors(IntakeCors.PolicyName)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    // Errors (bad key, bad body, limits, database down) are thrown and answered as problem+json by ProblemExceptionHandler.
    public static async Task<Created<EventAcceptedDto>> IngestEventAsync(
        HttpRequest request, [FromHeader(Name = KeyHeader)] string? key, IntakeService intake, CancellationToken ct)
    {
        var project = await intake.AuthorizeAsync(key, BrowserOrigins.Of(request), ct);
        var body = await intake.ReadBodyAsync(request, project);
        var stored = await intake.StoreAsync(project, body, ct);
        return TypedResults.Created((string?)null, new EventAcceptedDto(stored.EventId, stored.IssueId, stored.NewIssue));
    }
}
