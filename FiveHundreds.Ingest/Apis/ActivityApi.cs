using System.Security.Claims;
using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FiveHundreds.Ingest.Apis;

public static class ActivityApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapActivityApi(this IEndpointRouteBuilder app)
    {
        var issues = app.MapGroup("/api/v1/issues/{id:guid}").WithTags("Activity").RequireAuthorization();
        issues.MapGet("/activity", ListActivityAsync).WithSummary("An issue's activity log and comments, newest first")
            .ProducesProblem(400).ProducesProblem(404);
        issues.MapPost("/comments", AddCommentAsync).WithSummary("Comment on an issue, in Markdown")
            .RequireAuthorization(AuthorizationPolicies.Triage).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    public static async Task<Results<Ok<ActivityPageDto>, ProblemHttpResult>> ListActivityAsync(
        Guid id, string? cursor, int? limit, ClaimsPrincipal user, IAuthorizationService authorization, IssueActivityLog activity,
        CancellationToken ct)
    {
        if (!KeysetCursor.TryDecode(cursor, out var after))
        {
            return ApiProblems.BadRequest("cursor is not one this API gave out.");
        }
        // The triage policy itself answers whether the caller may comment, so the page cannot disagree with the API.
        var canComment = (await authorization.AuthorizeAsync(user, AuthorizationPolicies.Triage)).Succeeded;
        return await activity.ListAsync(id, after, Math.Clamp(limit ?? DefaultPageSize, 1, MaxPageSize), canComment, ct) is { } page
            ? TypedResults.Ok(page)
            : ApiProblems.NotFound($"No issue {id}.");
    }

    public static async Task<Results<Created<ActivityEntryDto>, ProblemHttpResult>> AddCommentAsync(
        Guid id, CreateCommentRequest request, IssueActivityLog activity, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Body) || request.Body.Length > FieldLimits.CommentBody)
        {
            return ApiProblems.BadRequest($"body is required, at most {FieldLimits.CommentBody} characters of Markdown.");
        }
        // PostgreSQL text cannot hold a NUL character: refused here rather than failing in the database.
        if (request.Body.Contains('\0'))
        {
            return ApiProblems.BadRequest("body must not contain NUL characters.");
        }
        return await activity.AddCommentAsync(id, request.Body, ct) is { } comment
            ? TypedResults.Created($"/api/v1/issues/{id}/activity", comment)
            : ApiProblems.NotFound($"No issue {id}.");
    }
}
