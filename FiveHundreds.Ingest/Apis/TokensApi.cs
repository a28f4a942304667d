using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FiveHundreds.Ingest.Apis;

public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/v1/tokens").WithTags("Tokens").RequireAuthorization(AuthorizationPolicies.AdminOfAllProjects)
            .ProducesProblem(403);
        tokens.MapPost("/", CreateTokenAsync).WithSummary("Create an API token with a scope, for all projects or some; shown only here")
            .ProducesProblem(400);
        tokens.MapGet("/", ListTokensAsync).WithSummary("The API tokens that are not revoked");
        tokens.MapDelete("/{id:guid}", RevokeTokenAsync).WithSummary("Revoke a token at once").ProducesProblem(404);
        return app;
    }

    public static async Task<Results<Created<TokenCreatedDto>, ProblemHttpResult>> CreateTokenAsync(
        CreateTokenRequest request, TokenService tokens, CancellationToken ct)
    {
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
        return await tokens.CreateAsync(name, scope, request.AllProjects, projects, ct) is { } created
            ? TypedResults.Created($"/api/v1/tokens/{created.Id}", created)
            : ApiProblems.BadRequest("projects lists a project that does not exist.");
    }

    public static async Task<Ok<List<TokenDto>>> ListTokensAsync(TokenService tokens, CancellationToken ct) =>
        TypedResults.Ok(await tokens.ListAsync(ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(Guid id, TokenService tokens, CancellationToken ct) =>
        await tokens.RevokeAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"No token {id}.");
}
