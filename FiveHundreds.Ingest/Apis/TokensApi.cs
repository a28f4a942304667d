using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.TriageApi.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Apis;

public static class TokensApi
{
    private const string TokenKind = "fht";

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
        CreateTokenRequest request, FiveHundredsDbContext db, CancellationToken ct)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            return ApiProblems.BadRequest("name is required, at most 200 characters.");
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
        var known = await db.Projects.CountAsync(p => projects.Contains(p.Id), ct);
        if (known != projects.Length)
        {
            return ApiProblems.BadRequest("projects lists a project that does not exist.");
        }
        var (secret, hash, prefix) = SecretHasher.Create(TokenKind);
        var token = new ApiToken { Name = name, TokenHash = hash, Prefix = prefix, Scope = scope, AllProjects = request.AllProjects, ProjectIds = projects };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}", new TokenCreatedDto(token.Id, token.Name, secret, token.Scope, token.AllProjects, token.ProjectIds));
    }

    public static async Task<Ok<List<TokenDto>>> ListTokensAsync(FiveHundredsDbContext db, CancellationToken ct)
    {
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.RevokedAt == null).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(tokens.Select(t => new TokenDto(t.Id, t.Name, t.Prefix, t.Scope, t.AllProjects, t.ProjectIds, t.CreatedAt)).ToList());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(Guid id, FiveHundredsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var revoked = await db.ApiTokens.Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, clock.GetUtcNow()), ct);
        return revoked == 0 ? ApiProblems.NotFound($"No token {id}.") : TypedResults.NoContent();
    }
}
