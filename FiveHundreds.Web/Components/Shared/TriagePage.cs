using FiveHundreds.TriageApi.Client;
using System.Net;
using System.Security.Claims;
using FiveHundreds.Web.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Polly;

namespace FiveHundreds.Web.Components.Shared;

// Base of the pages that call the triage API: a failed call becomes a message bar (Error), never a crash page,
// and Busy drives the progress indicator while a call is under way. A session the API no longer accepts
// (signed out everywhere, the person removed) leaves the dashboard through the sign-in page.
public abstract class TriagePage : ComponentBase
{
    [Inject]
    protected TriageApiClient Api { get; set; } = default!;

    [Inject]
    protected ILogger<TriagePage> Logger { get; set; } = default!;

    [Inject]
    private NavigationManager Navigator { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected string? Error { get; set; }

    // The signed-in person as the cookie has them.
    protected async Task<ClaimsPrincipal> SignedInUserAsync() =>
        AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;

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
        catch (TriageApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
        {
            Navigator.NavigateTo(AccountEndpoints.ExpiredPath, forceLoad: true);
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
