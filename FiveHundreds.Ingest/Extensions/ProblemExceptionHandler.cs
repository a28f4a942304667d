using FiveHundreds.Ingest.Alerts;
using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Intake;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace FiveHundreds.Ingest.Extensions;

// Answers the failures that outside input or an absent database cause with a clear problem+json and the
// right 4xx/503, instead of a 500. Anything else is a bug and stays a 500.
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public const string SentryRateLimitsHeader = "X-Sentry-Rate-Limits";

    private const int DatabaseRetryAfterSeconds = 5;
    private const int OverloadedRetryAfterSeconds = 1;

    // The answer to a failure caused by outside input or an absent database; null for any other (a bug, a 500).
    // The OTLP endpoints answer the same failures with the same status in their own body format.
    public static (int Status, string Title, string Detail, int? RetryAfterSeconds)? Describe(Exception exception) => exception switch
    {
        EventValidationException e => (400, "Invalid event", $"{e.Field}: {e.Message}", null),
        EventRejectedException e => (400, "Invalid event", e.Message, null),
        UnknownIngestKeyException e => (401, "Unknown project key", e.Message, null),
        OriginNotAllowedException e => (403, "Origin not allowed", e.Message, null),
        PayloadTooLargeException e => (413, "Event too large", e.Message, null),
        BodyReadTimeoutException e => (408, "Request timeout", e.Message, null),
        UnsupportedContentEncodingException e => (415, "Unsupported content encoding", e.Message, null),
        RateLimitExceededException e => (429, "Rate limit exceeded", e.Message, Seconds(e.RetryAfter)),
        QuotaExceededException e => (429, "Quota exceeded", e.Message, Seconds(e.RetryAfter)),
        IntakeOverloadedException e => (503, "Service unavailable", e.Message, OverloadedRetryAfterSeconds),
        StorageFullException e => (503, "Storage full", e.Message, Seconds(e.RetryAfter)),
        DatabaseUnavailableException or NpgsqlException or TimeoutException =>
            (503, "Service unavailable", "The event store is unavailable; retry later.", DatabaseRetryAfterSeconds),
        BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message, null),
        AlertAdministration.InvalidAlertException e => (400, "Invalid request", e.Message, null),
        TeamRequestRefusedException e => (e.Status, e.Title, e.Message, null),
        _ => null,
    };

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    // Sentry SDKs back off only on X-Sentry-Rate-Limits: "retry_after:categories:scope:reason", here every
    // category of the whole key; other clients ignore it. The reason is what Sentry's own relay answers.
    private static string? SentryRateLimits(Exception exception, int? retryAfter) => exception switch
    {
        RateLimitExceededException => $"{retryAfter}::organization",
        QuotaExceededException => $"{retryAfter}::organization:{DropReasons.Quota}",
        _ => null,
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (Describe(exception) is not { } problem)
        {
            return false;
        }
        var (status, title, detail, retryAfter) = problem;
        // The storage guard logs its own refusals once, not once per event.
        if (status == 503 && exception is not (IntakeOverloadedException or StorageFullException))
        {
            logger.LogWarning(exception, "Answered 503: the database is unavailable.");
        }
        if (exception is UnknownIngestKeyException or PayloadTooLargeException or RateLimitExceededException or QuotaExceededException
            or IntakeOverloadedException or BodyReadTimeoutException)
        {
            // The body may be unread: closing the connection spares receiving what the sender would still send.
            context.Response.Headers.Connection = "close";
        }
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter.Value.ToString();
        }
        if (SentryRateLimits(exception, retryAfter) is { } sentryRateLimits)
        {
            context.Response.Headers[SentryRateLimitsHeader] = sentryRateLimits;
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
