using FiveHundreds.Ingest.Extensions;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Otlp;
using FiveHundreds.Ingest.Intake.Otlp.Proto;
using Google.Protobuf;
using Microsoft.AspNetCore.Mvc;
using OpenTelemetry;

namespace FiveHundreds.Ingest.Apis;

// OTLP/HTTP (https://opentelemetry.io/docs/specs/otlp/#otlphttp): any OpenTelemetry SDK or collector sends its
// traces and logs here, and the exceptions in them become events. Answers follow the specification: 200 with a
// partial success naming what was rejected, an error as a google.rpc.Status in the request's encoding, 429 and
// 503 with Retry-After.
public static class OtlpApi
{
    public const string TracesPath = "/v1/traces";
    public const string LogsPath = "/v1/logs";

    public static IEndpointRouteBuilder MapOtlpApi(this IEndpointRouteBuilder app)
    {
        Describe(app.MapPost(TracesPath, ExportTracesAsync))
            .WithSummary("Receive OTLP traces; span events named \"exception\" become events");
        Describe(app.MapPost(LogsPath, ExportLogsAsync))
            .WithSummary("Receive OTLP logs; records with exception attributes become events");
        return app;
    }

    // Nothing an OTLP request makes the ingest log or trace is exported over OTLP again: when FiveHundreds reports
    // to itself, a failure here would otherwise come back as a new request, failing the same way. Used before the
    // exception handler, so that even a bug's 500 is not reported through the path that has the bug.
    public static IApplicationBuilder UseOtlpInstrumentationSuppression(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(TracesPath) && !context.Request.Path.StartsWithSegments(LogsPath))
            {
                await next(context);
                return;
            }
            using var suppressed = SuppressInstrumentationScope.Begin();
            await next(context);
        });

    private static RouteHandlerBuilder Describe(RouteHandlerBuilder route) => route
        .WithTags("OTLP intake")
        .AllowAnonymous()
        .Accepts<byte[]>(OtlpContentTypes.Protobuf, OtlpContentTypes.Json)
        .Produces(StatusCodes.Status200OK, contentType: OtlpContentTypes.Protobuf, additionalContentTypes: [OtlpContentTypes.Json])
        .Produces(StatusCodes.Status400BadRequest, contentType: OtlpContentTypes.Protobuf, additionalContentTypes: [OtlpContentTypes.Json])
        .Produces(StatusCodes.Status401Unauthorized)
        .Produces(StatusCodes.Status413PayloadTooLarge)
        .Produces(StatusCodes.Status415UnsupportedMediaType)
        .Produces(StatusCodes.Status429TooManyRequests)
        .Produces(StatusCodes.Status503ServiceUnavailable);

    public static Task<OtlpResult> ExportTracesAsync(
        HttpRequest request, [FromHeader(Name = EventsApi.KeyHeader)] string? key, IntakeService intake, OtlpIntake otlp,
        IntakeRefusals refusals, CancellationToken ct) =>
        ExportAsync(request, key, intake, otlp, refusals, ExportTraceServiceRequest.Parser,
            traces => OtlpEventMapper.FromTraces(traces, OtlpIntake.MaxEventsPerRequest),
            outcome => new ExportTraceServiceResponse
            {
                PartialSuccess = outcome.Rejected == 0 ? null : new ExportTracePartialSuccess { RejectedSpans = outcome.Rejected, ErrorMessage = outcome.Reason ?? "" },
            }, ct);

    public static Task<OtlpResult> ExportLogsAsync(
        HttpRequest request, [FromHeader(Name = EventsApi.KeyHeader)] string? key, IntakeService intake, OtlpIntake otlp,
        IntakeRefusals refusals, CancellationToken ct) =>
        ExportAsync(request, key, intake, otlp, refusals, ExportLogsServiceRequest.Parser,
            logs => OtlpEventMapper.FromLogs(logs, OtlpIntake.MaxEventsPerRequest),
            outcome => new ExportLogsServiceResponse
            {
                PartialSuccess = outcome.Rejected == 0 ? null : new ExportLogsPartialSuccess { RejectedLogRecords = outcome.Rejected, ErrorMessage = outcome.Reason ?? "" },
            }, ct);

    private static async Task<OtlpResult> ExportAsync<TRequest>(
        HttpRequest request, string? key, IntakeService intake, OtlpIntake otlp, IntakeRefusals refusals, MessageParser<TRequest> parser,
        Func<TRequest, OtlpExceptions> exceptionsOf, Func<OtlpOutcome, IMessage> answer, CancellationToken ct)
        where TRequest : IMessage<TRequest>, new()
    {
        var encoding = OtlpContentTypes.EncodingOf(request.ContentType);
        if (encoding is null)
        {
            return OtlpResult.Failure(StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be {OtlpContentTypes.Protobuf} or {OtlpContentTypes.Json}.", OtlpEncoding.Json, null);
        }
        try
        {
            var project = await intake.ResolveKeyAsync(key, ct);
            var body = await intake.ReadBodyAsync(request, project);
            var exceptions = exceptionsOf(OtlpDecoder.Decode(body, encoding.Value, parser));
            var outcome = await otlp.StoreAsync(project, exceptions, ct);
            return OtlpResult.Success(answer(outcome), encoding.Value);
        }
        catch (Exception ex) when (ProblemExceptionHandler.Describe(ex) is { } problem)
        {
            refusals.Count(request.HttpContext, ex);
            return OtlpResult.Failure(problem.Status, problem.Detail, encoding.Value, problem.RetryAfterSeconds);
        }
    }
}

// An OTLP/HTTP answer: the response message, or a google.rpc.Status, in the request's encoding.
public sealed class OtlpResult : IResult, IStatusCodeHttpResult
{
    private readonly byte[] _body;
    private readonly OtlpEncoding _encoding;
    private readonly int? _retryAfterSeconds;

    private OtlpResult(int status, byte[] body, OtlpEncoding encoding, int? retryAfterSeconds)
    {
        StatusCode = status;
        _body = body;
        _encoding = encoding;
        _retryAfterSeconds = retryAfterSeconds;
    }

    public int? StatusCode { get; }

    public static OtlpResult Success(IMessage response, OtlpEncoding encoding) =>
        new(StatusCodes.Status200OK, OtlpDecoder.Encode(response, encoding), encoding, null);

    // The gRPC code matches the HTTP status as the OTLP specification maps them, so a client reading either agrees.
    public static OtlpResult Failure(int status, string message, OtlpEncoding encoding, int? retryAfterSeconds) =>
        new(status, OtlpDecoder.Encode(new Status { Code = GrpcCode(status), Message = message }, encoding), encoding, retryAfterSeconds);

    private static int GrpcCode(int status) => status switch
    {
        StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType => 3, // INVALID_ARGUMENT
        StatusCodes.Status401Unauthorized => 16, // UNAUTHENTICATED
        StatusCodes.Status429TooManyRequests => 8, // RESOURCE_EXHAUSTED
        StatusCodes.Status503ServiceUnavailable => 14, // UNAVAILABLE
        _ => 2, // UNKNOWN
    };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode!.Value;
        httpContext.Response.ContentType = OtlpContentTypes.Of(_encoding);
        if (_retryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await httpContext.Response.Body.WriteAsync(_body);
    }
}
