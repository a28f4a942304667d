using FiveHundreds.Ingest.Auth;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FiveHundreds.Ingest.Apis;

// The caller's own account: who they are, their password, their sessions and their personal tokens.
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").WithTags("Me");
        me.MapGet("/", GetCallerAsync).RequireAuthorization().WithSummary("Who the caller is: person, role, scope and projects");

        var own = app.MapGroup("/api/v1/me").WithTags("Me").RequireAuthorization(AuthorizationPolicies.Person).ProducesProblem(403);
        own.MapPut("/password", ChangePasswordAsync).WithSummary("Change your password; your other sessions are signed out")
            .ProducesProblem(400);
        own.MapGet("/sessions", ListSessionsAsync).WithSummary("Your sessions that still work, newest first");
        own.MapDelete("/sessions/{id:guid}", RevokeSessionAsync).WithSummary("Sign out one of your sessions").ProducesProblem(404);
        own.MapDelete("/sessions", RevokeAllSessionsAsync).WithSummary("Sign out everywhere: every session of yours, this one too");
        own.MapGet("/tokens", ListTokensAsync).WithSummary("Your personal API tokens that are not revoked");
        own.MapPost("/tokens", CreateTokenAsync)
            .WithSummary("Create a personal API token, no wider than your role, optionally for some projects and until a time; shown only here")
            .ProducesProblem(400);
        own.MapDelete("/tokens/{id:guid}", RevokeTokenAsync).WithSummary("Revoke one of your tokens at once").ProducesProblem(404);
        return app;
    }

    public static async Task<Ok<CallerDto>> GetCallerAsync(TriageCaller caller, MemberService members, CancellationToken ct) =>
        TypedResults.Ok(caller.ToDto(caller.UserId is { } id ? await members.FindAsync(id, ct) : null));

    public static async Task<NoContent> ChangePasswordAsync(ChangePasswordRequest request, MemberService members, CancellationToken ct)
    {
        await members.ChangePasswordAsync(request.CurrentPassword, request.NewPassword, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<List<SessionDto>>> ListSessionsAsync(SessionService sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.ListAsync(ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeSessionAsync(Guid id, SessionService sessions, CancellationToken ct) =>
        await sessions.RevokeAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"No session {id}.");

    public static async Task<NoContent> RevokeAllSessionsAsync(SessionService sessions, TriageCaller caller, CancellationToken ct)
    {
        await sessions.RevokeAllAsync(caller.UserId!.Value, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<List<TokenDto>>> ListTokensAsync(TokenService tokens, TriageCaller caller, CancellationToken ct) =>
        TypedResults.Ok(await tokens.ListAsync(ct, caller.UserId));

    public static async Task<Results<Created<TokenCreatedDto>, ProblemHttpResult>> CreateTokenAsync(
        CreateTokenRequest request, TokenService tokens, CancellationToken ct)
    {
        if (TokensApi.Check(request, out var valid) is { } problem)
        {
            return problem;
        }
        return await tokens.CreatePersonalAsync(valid.Name, valid.Scope, request.AllProjects, valid.Projects, request.ExpiresAt, ct) is { } created
            ? TypedResults.Created($"/api/v1/me/tokens/{created.Id}", created)
            : ApiProblems.BadRequest("projects lists a project that does not exist.");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(Guid id, TokenService tokens, TriageCaller caller, CancellationToken ct) =>
        await tokens.RevokeAsync(id, ct, caller.UserId) ? TypedResults.NoContent() : ApiProblems.NotFound($"No token {id}.");
}
