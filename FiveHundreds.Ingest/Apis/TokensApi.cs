using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FiveHundreds.Ingest.Apis;

// Automation tokens, which belong to nobody: for scripts and integrations that act for the organisation.
// A person's own tokens are MeApi's.
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/v1/tokens").WithTags("Tokens").RequireAuthorization(AuthorizationPolicies.AdminOfAllProjects)
            .ProducesProblem(403);
        tokens.MapPost("/", CreateTokenAsync).WithSummary("Create an API token with a scope, for all projects or some; shown only here")
            .ProducesProblem(400);
        tokens.MapGet("/", ListTokensAsync).WithSummary("The automation tokens that are not revoked");
        tokens.MapDelete("/{id:guid}", RevokeTokenAsync).WithSummary("Revoke a token at once").ProducesProblem(404);
        return app;
    }

    public sealed record ValidTokenRequest(string Name, TokenScope Scope, Guid[] Projects);

    // The checks every token request passes, automation or personal; a problem when one fails.
    public static ProblemHttpResult? Check(CreateTokenRequest request, out ValidTokenRequest valid)
    {
        valid = null!;
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > FieldLimits.TokenName)
        {
            return ApiProblems.BadRequest($"name is required, at most {FieldLimits.TokenName} characters.");
        }
        if (request.Scope is not { } scope || !Enum.IsDefined(scope))
        {
            return ApiProblems.BadRequest("scope is required: read, triage or admin.");
        }
        var projects = (request.Projects ?? []).Distinct().ToArray();
        if (request.AllProjects == (projects.Length > 0))
        {
            return ApiProblems.BadRequest(request.AllProjects
                ? "Give either all_projects or projects, not both."
                : "projects must list at least one project; for every project set all_projects to true.");
        }
        valid = new ValidTokenRequest(name, scope, projects);
        return null;
    }

    public static async Task<Results<Created<TokenCreatedDto>, ProblemHttpResult>> CreateTokenAsync(
        CreateTokenRequest request, TokenService tokens, CancellationToken ct)
    {
        if (Check(request, out var valid) is { } problem)
        {
            return problem;
        }
        if (request.ExpiresAt is not null)
        {
            return ApiProblems.BadRequest("Automation tokens do not expire; revoke them instead. A personal token (api/v1/me/tokens) may expire.");
        }
        return await tokens.CreateAsync(valid.Name, valid.Scope, request.AllProjects, valid.Projects, ct) is { } created
            ? TypedResults.Created($"/api/v1/tokens/{created.Id}", created)
            : ApiProblems.BadRequest("projects lists a project that does not exist.");
    }

    public static async Task<Ok<List<TokenDto>>> ListTokensAsync(TokenService tokens, CancellationToken ct) =>
        TypedResults.Ok(await tokens.ListAsync(ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(Guid id, TokenService tokens, CancellationToken ct) =>
        await tokens.RevokeAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"No token {id}.");
}
