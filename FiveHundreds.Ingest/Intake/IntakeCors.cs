using Microsoft.AspNetCore.Cors.Infrastructure;

namespace FiveHundreds.Ingest.Intake;

// Browser SDKs post from the app's own origin, so the intake answers CORS. The preflight is granted to every
// origin: it only tells the browser which headers it may send, and grants nothing. Whether a page may really
// send events is the project's decision (BrowserOrigins), checked on the request that carries the key.
public static class IntakeCors
{
    public const string PolicyName = "intake";

    public const string SentryErrorHeader = "X-Sentry-Error";

    // What Sentry SDKs and our own send: the key headers, compression, and the tracing headers that
    // browser SDKs attach to outgoing requests when tracing is on.
    private static readonly string[] RequestHeaders =
    [
        "Content-Type", "Content-Encoding", "X-Sentry-Auth", "Authentication", "Authorization", "X-Requested-With",
        "sentry-trace", "baggage", "X-Monolynx-Key",
    ];

    // A browser lets the SDK read only these: without them it cannot see how long to back off.
    private static readonly string[] ExposedHeaders = ["Retry-After", "X-Sentry-Rate-Limits", SentryErrorHeader];

    private static readonly TimeSpan PreflightMaxAge = TimeSpan.FromHours(1);

    public static void AddIntakePolicy(this CorsOptions options) =>
        options.AddPolicy(PolicyName, policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Post)
            .WithHeaders(RequestHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(PreflightMaxAge));
}
