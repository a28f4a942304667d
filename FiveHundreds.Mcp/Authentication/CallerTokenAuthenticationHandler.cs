using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Mcp.Authentication;

// Admits a request to /mcp only with a bearer token the triage API accepts, and answers 401 otherwise, before
// the MCP transport reads a single message. The token is checked by asking the triage API for the caller's
// projects (every valid token may list its own); accepted tokens are remembered briefly, by hash, so a busy
// agent does not cost a second API call per tool call.
public sealed class CallerTokenAuthenticationHandler(
    IOptionsMonitor<CallerTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TriageApiClient triage, IMemoryCache cache)
    : AuthenticationHandler<CallerTokenOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = CallerToken.From(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }
        var cacheKey = "accepted-token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (!cache.TryGetValue(cacheKey, out _))
        {
            try
            {
                // The triage client sends this request's own bearer token (see BearerTokenHandler's registration).
                await triage.ListProjectsAsync(Context.RequestAborted);
            }
            catch (TriageApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
            {
                return AuthenticateResult.Fail("The triage API does not accept this token.");
            }
            cache.Set(cacheKey, true, Options.AcceptedTokenCacheDuration);
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "triage-token")], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"FiveHundreds\"";
        return Task.CompletedTask;
    }
}
