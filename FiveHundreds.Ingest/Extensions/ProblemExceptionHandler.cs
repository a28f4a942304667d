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

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, title, detail, retryAfter) = exception switch
        {
            EventValidationException e => (400, "Invalid event", $"{e.Field}: {e.Message}", (int?)null),
            EventRejectedException e => (400, "Invalid event", e.Message, null),
            UnknownIngestKeyException e => (401, "Unknown project key", e.Message, null),
            OriginNotAllowedException e => (403, "Origin not allowed", e.Message, null),
            PayloadTooLargeException e => (413, "Event too large", e.Message, null),
            UnsupportedContentEncodingException e => (415, "Unsupported content encoding", e.Message, null),
            RateLimitExceededException e => (429, "Rate limit exceeded", e.Message, (int)Math.Ceiling(e.RetryAfter.TotalSeconds)),
            DatabaseUnavailableException or NpgsqlException or TimeoutException =>
                (503, "Service unavailable", "The event store is unavailable; retry later.", DatabaseRetryAfterSeconds),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message, null),
            _ => (0, "", "", null),
        };
        if (status == 0)
        {
            return false;
        }
        if (status == 503)
        {
            logger.LogWarning(exception, "Answered 503: the database is unavailable.");
        }
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter.Value.ToString();
        }
        if (exception is RateLimitExceededException)
        {
            // Sentry SDKs back off only on this header (seconds, all categories, the whole key); other clients ignore it.
            context.Response.Headers[SentryRateLimitsHeader] = $"{retryAfter}::organization";
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
