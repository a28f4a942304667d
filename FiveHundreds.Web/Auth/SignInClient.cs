using FiveHundreds.TriageApi.Client;

namespace FiveHundreds.Web.Auth;

// The triage API as the dashboard itself, with the admin token: only for signing in and accepting invites,
// before there is a person's session to call with.
public sealed class SignInClient(HttpClient http)
{
    public TriageApiClient Api { get; } = new(http);
}
