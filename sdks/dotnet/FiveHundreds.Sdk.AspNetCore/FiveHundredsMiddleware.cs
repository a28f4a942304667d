using FiveHundreds.Sdk;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FiveHundreds.Sdk.AspNetCore;

// Captures every exception that leaves the rest of the pipeline without catching it: the app's own error
// handling answers exactly as it would without the SDK, and the exception is thrown no more often than
// without it. When nothing throws the middleware adds no allocation.
public sealed class FiveHundredsMiddleware(RequestDelegate next, FiveHundredsClient client)
{
    public Task InvokeAsync(HttpContext context)
    {
        // The body is gone once the endpoint consumed it, so its first bytes are copied as the endpoint reads
        // them; only requests that carry one pay for that. EnableBuffering would keep the whole upload (on disk
        // beyond 30 KB), however little of it an event may carry.
        if (client.IsEnabled && client.Options.CaptureRequestBody && context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true })
        {
            var prefix = new RequestBodyPrefix(context.Request.Body, client.Options.MaxRequestBodyBytes);
            context.Request.Body = prefix;
            context.Features.Set(prefix);
        }
        Task pending;
        try
        {
            pending = next(context);
        }
        // A synchronous throw is captured in the filter, during the search for a handler, and declined, so it
        // travels on to the app's handler without a catch and a second throw here.
        catch (Exception exception) when (CaptureAndDecline(exception, context))
        {
            throw;
        }
        return pending.IsCompletedSuccessfully ? pending : ObserveAsync(pending, context).Unwrap();
    }

    // Hands back the app's own failed task: its exception reaches the caller without being thrown here.
    private async Task<Task> ObserveAsync(Task pending, HttpContext context)
    {
        await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (pending.Exception?.InnerException is { } exception)
        {
            CaptureAndDecline(exception, context);
        }
        return pending;
    }

    private bool CaptureAndDecline(Exception exception, HttpContext context)
    {
        // A client that went away is not an error of the app.
        if (!(exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            client.CaptureException(exception, context);
        }
        return false;
    }
}
