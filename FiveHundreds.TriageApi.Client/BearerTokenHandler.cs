using System.Net.Http.Headers;

namespace FiveHundreds.TriageApi.Client;

// Adds "Authorization: Bearer <token>" to every triage API call; the token source decides whose token
// (the dashboard's admin token, or the MCP caller's own).
public sealed class BearerTokenHandler(Func<string?> tokenSource) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = tokenSource();
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
