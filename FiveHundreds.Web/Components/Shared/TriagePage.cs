using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Components;
using Polly;

namespace FiveHundreds.Web.Components.Shared;

// Base of the pages that call the triage API: a failed call becomes a message bar (Error), never a crash page,
// and Busy drives the progress indicator while a call is under way.
public abstract class TriagePage : ComponentBase
{
    [Inject]
    protected TriageApiClient Api { get; set; } = default!;

    [Inject]
    protected ILogger<TriagePage> Logger { get; set; } = default!;

    protected string? Error { get; set; }

    protected bool Busy { get; private set; }

    protected async Task<bool> TryAsync(Func<Task> call, CancellationToken ct = default)
    {
        Busy = true;
        Error = null;
        try
        {
            await call();
            return true;
        }
        catch (TriageApiException e)
        {
            Error = e.Message;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller gave up on this call (a newer request replaced it): nothing went wrong.
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ExecutionRejectedException)
        {
            Logger.LogWarning(e, "A triage API call failed");
            Error = "The triage API could not be reached. Try again in a moment.";
        }
        finally
        {
            Busy = false;
        }
        return false;
    }
}
