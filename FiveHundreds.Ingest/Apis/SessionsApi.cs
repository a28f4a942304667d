using FiveHundreds.Ingest.Auth;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FiveHundreds.Ingest.Apis;

// Signing in and out. The dashboard signs people in through here and then calls the API with their session.
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/v1/sessions").WithTags("Sessions");
        sessions.MapPost("/", SignInAsync).AllowAnonymous()
            .WithSummary("Sign in with a user name (or email) and password; the answer holds the session token, shown only here")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        sessions.MapPost("/sso", SignInWithSsoAsync).AllowAnonymous()
            .WithSummary("Single sign-on: trade an id_token from the configured OpenID Connect provider for a session")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);
        sessions.MapDelete("/current", SignOutAsync).RequireAuthorization(AuthorizationPolicies.Person)
            .WithSummary("Sign out: revoke the session this request came with").ProducesProblem(404);
        return app;
    }

    public static async Task<Results<Created<SessionCreatedDto>, ProblemHttpResult>> SignInAsync(
        SignInRequest request, HttpContext http, SessionService sessions, CancellationToken ct)
    {
        var session = await sessions.SignInAsync(request.UserName, request.Password, ClientAddress(http), http.Request.Headers.UserAgent.ToString(), ct);
        return session is null
            ? TypedResults.Problem(statusCode: 401, title: "Sign-in refused",
                detail: "Wrong user name or password, or the account is locked for a while after too many failures.")
            : TypedResults.Created($"/api/v1/me/sessions/{session.Id}", session);
    }

    public static async Task<Created<SessionCreatedDto>> SignInWithSsoAsync(
        SsoSignInRequest request, HttpContext http, SsoSignInService sso, CancellationToken ct)
    {
        var session = await sso.SignInAsync(request.IdToken, ClientAddress(http), http.Request.Headers.UserAgent.ToString(), ct);
        return TypedResults.Created($"/api/v1/me/sessions/{session.Id}", session);
    }

    // The signing-in person's address as a front end with admin over all projects vouches for it; from anyone
    // else the header is ignored.
    private static string ClientAddress(HttpContext http)
    {
        var vouched = http.User.HasClaim(TriageCaller.AllProjectsClaim, "true") && http.User.HasClaim(TriageCaller.ScopeClaim, WireWords.Of(TokenScope.Admin))
            ? http.Request.Headers[TriageHeaders.ClientAddress].ToString().Trim()
            : "";
        return vouched.Length is > 0 and <= 64 ? vouched : http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SignOutAsync(SessionService sessions, CancellationToken ct) =>
        await sessions.RevokeCurrentAsync(ct) ? TypedResults.NoContent() : ApiProblems.NotFound("This request came with a token, not a session.");
}
