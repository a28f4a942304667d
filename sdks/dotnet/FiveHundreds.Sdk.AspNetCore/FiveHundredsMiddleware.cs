using FiveHundreds.Sdk;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FiveHundreds.Sdk.AspNetCore;

// Captures every exception that leaves the rest of the pipeline, then rethrows it unchanged, so the app's own
// error handling answers exactly as it would without the SDK. When nothing throws it adds no allocation.
public sealed class FiveHundredsMiddleware(RequestDelegate next, FiveHundredsClient client)
{
    public Task InvokeAsync(HttpContext context)
    {
        // The body can only be read back after the endpoint consumed it if it was buffered; only requests that
        // carry one pay for that.
        if (client.Options.CaptureRequestBody && context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true })
        {
            context.Request.EnableBuffering();
        }
        Task pending;
        try
        {
            pending = next(context);
        }
        catch (Exception exception)
        {
            pending = Task.FromException(exception);
        }
        return pending.IsCompletedSuccessfully ? pending : ObserveAsync(pending, context).Unwrap();
    }

    // Hands back the app's own failed task: its exception reaches the caller without being thrown once more
    // here, which keeps the cost of a failing request what it was without the SDK.
    private async Task<Task> ObserveAsync(Task pending, HttpContext context)
    {
        await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // A client that went away is not an error of the app.
        if (pending.Exception?.InnerException is { } exception
            && !(exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            await client.CaptureExceptionAsync(exception, context);
        }
        return pending;
    }
}
