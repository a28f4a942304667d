using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FiveHundreds.Ingest.Apis;

public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/v1/tokens").WithTags("Tokens").RequireAuthorization(AuthorizationPolicies.Unrestricted);
        tokens.MapPost("/", CreateTokenAsync).WithSummary("Create an API token, optionally limited to some projects; shown only here")
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
        return await tokens.CreateAsync(name, request.Projects ?? [], ct) is { } created
            ? TypedResults.Created($"/api/v1/tokens/{created.Id}", created)
            : ApiProblems.BadRequest("projects lists a project that does not exist.");
    }

    public static async Task<Ok<List<TokenDto>>> ListTokensAsync(TokenService tokens, CancellationToken ct) =>
        TypedResults.Ok(await tokens.ListAsync(ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(Guid id, TokenService tokens, CancellationToken ct) =>
        await tokens.RevokeAsync(id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"No token {id}.");
}
