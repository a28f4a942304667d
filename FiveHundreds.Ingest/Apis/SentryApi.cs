using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Sentry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FiveHundreds.Ingest.Apis;

public sealed record SentryEventAcceptedDto(string? Id);

// The endpoints Sentry SDKs post to, so that an app moves to FiveHundreds by changing its DSN. The project id
// in the path is the project's Number, the integer in its DSN. Errors are answered by ProblemExceptionHandler.
public static class SentryApi
{
    public static IEndpointRouteBuilder MapSentryApi(this IEndpointRouteBuilder app)
    {
        var sentry = app.MapGroup("/api/{projectId:long}").WithTags("Sentry-compatible intake").AllowAnonymous()
            .AddEndpointFilter<DroppedEventFilter>()
            .RequireCors(IntakeCors.PolicyName)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        sentry.MapPost("/envelope/", ReceiveEnvelopeAsync)
            .WithSummary("Receive a Sentry envelope; its event item becomes an event, other items are accepted and ignored");
        sentry.MapPost("/store/", ReceiveStoreAsync)
            .WithSummary("Receive one Sentry event (older SDKs)");
        return app;
    }

    public static async Task<Ok<SentryEventAcceptedDto>> ReceiveEnvelopeAsync(
        long projectId, HttpRequest request, IntakeService intake,
        [FromHeader(Name = SentryAuth.Header)] string? auth, [FromQuery(Name = SentryAuth.QueryParameter)] string? queryKey,
        CancellationToken ct)
    {
        // With the key outside the body, an unknown key is refused before the body is read; with the key only in
        // the envelope header, that first line is all that is read before the key is checked.
        var requestKey = SentryAuth.PublicKey(auth, queryKey);
        var origin = BrowserOrigins.Of(request);
        var project = requestKey is null ? null : await intake.ResolveSentryKeyAsync(requestKey, projectId, origin, ct);
        var body = intake.OpenBody(request, project?.Id ?? IntakeBudget.Unkeyed);
        if (project is null)
        {
            var header = await body.ReadFirstLineAsync(SentryEnvelope.MaxHeaderBytes);
            project = await intake.ResolveSentryKeyAsync(SentryDsn.PublicKeyOf(SentryEnvelope.DsnOf(header)), projectId, origin, ct);
            body.ChargeTo(project.Id);
        }
        var envelope = SentryEnvelope.Parse(await body.ReadToEndAsync());

        var events = envelope.Items.Where(i => i.Type == SentryEnvelope.EventItemType).ToList();
        if (events.Count > 1)
        {
            throw new EventValidationException("(envelope)", "An envelope carries at most one event item.");
        }
        if (events.Count == 0)
        {
            // Sessions, client reports, transactions, attachments...: accepted so the SDK does not retry them,
            // and not counted against the project's event rate limit.
            return TypedResults.Ok(new SentryEventAcceptedDto(envelope.EventId));
        }
        await intake.AdmitAsync(project);
        var stored = await intake.StoreSentryEventAsync(project, events[0].Payload, envelope.EventId, ct);
        return TypedResults.Ok(new SentryEventAcceptedDto(stored.EventId.ToString("N")));
    }

    public static async Task<Ok<SentryEventAcceptedDto>> ReceiveStoreAsync(
        long projectId, HttpRequest request, IntakeService intake,
        [FromHeader(Name = SentryAuth.Header)] string? auth, [FromQuery(Name = SentryAuth.QueryParameter)] string? queryKey,
        CancellationToken ct)
    {
        var project = await intake.AdmitAsync(await intake.ResolveSentryKeyAsync(SentryAuth.PublicKey(auth, queryKey), projectId, BrowserOrigins.Of(request), ct));
        var body = await intake.ReadBodyAsync(request, project);
        var stored = await intake.StoreSentryEventAsync(project, body, null, ct);
        return TypedResults.Ok(new SentryEventAcceptedDto(stored.EventId.ToString("N")));
    }
}
