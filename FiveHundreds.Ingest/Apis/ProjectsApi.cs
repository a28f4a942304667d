using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Sentry;
using FiveHundreds.Ingest.Retention;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Apis;

public static class ProjectsApi
{
    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/v1/projects").WithTags("Projects").RequireAuthorization();
        projects.MapGet("/", ListProjectsAsync).WithSummary("The projects this token may see, with today's event counts");
        projects.MapPost("/", CreateProjectAsync).WithSummary("Create a project; the answer holds its ingest key, shown only here")
            .RequireAuthorization(AuthorizationPolicies.AdminOfAllProjects).ProducesProblem(400).ProducesProblem(403);
        projects.MapGet("/storage", ListProjectStorageAsync)
            .WithSummary("What each visible project's kept events take, its daily quotas, its retention and today's drops by reason");
        projects.MapPatch("/{id:guid}", UpdateProjectAsync).WithSummary("Change how a project's events are scrubbed and its daily quotas")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        projects.MapPost("/{id:guid}/key", RotateKeyAsync).WithSummary("Replace a project's ingest key; the old key stops working")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(403).ProducesProblem(404);
        projects.MapPut("/{id:guid}/allowed-origins", SetAllowedOriginsAsync)
            .WithSummary("Set which web pages' browser SDKs may send the project's events")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        projects.MapPut("/{id:guid}/retention", SetRetentionAsync)
            .WithSummary("Set how many days the project's events are kept (null: the default)")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    public static async Task<Ok<List<ProjectDto>>> ListProjectsAsync(
        TriageReader reader, TimeProvider clock, HttpRequest http, IOptions<PublicUrlOptions> urls, CancellationToken ct)
    {
        var projects = await reader.ListProjectsAsync(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        return TypedResults.Ok(projects.Select(x => new ProjectDto(
            x.Project.Id, x.Project.Name, x.Project.Slug, x.Project.KeyPrefix, x.Project.RateLimitPerMinute, x.Project.CreatedAt,
            x.Received, x.Dropped, urls.Value.DsnFor(http, x.Project.SentryKey, x.Project.Number),
            x.Project.ScrubNames, x.Project.StoreIpAddresses, x.Project.AllowedOrigins)).ToList());
    }

    public static async Task<Ok<List<ProjectStorageDto>>> ListProjectStorageAsync(
        TriageReader reader, TimeProvider clock, IOptions<IntakeOptions> intake, IOptions<RetentionOptions> retention, CancellationToken ct) =>
        TypedResults.Ok(await reader.ListProjectStorageAsync(
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), intake.Value, retention.Value, ct));

    public static async Task<Results<Created<ProjectKeyDto>, ProblemHttpResult>> CreateProjectAsync(
        CreateProjectRequest request, ProjectService projects, HttpRequest http, IOptions<PublicUrlOptions> urls, CancellationToken ct)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > FieldLimits.ProjectName)
        {
            return ApiProblems.BadRequest($"name is required, at most {FieldLimits.ProjectName} characters.");
        }
        if (request.RateLimitPerMinute is < 1)
        {
            return ApiProblems.BadRequest("rate_limit_per_minute must be at least 1 (or absent for the default).");
        }
        if (ScrubNamesProblem(request.ScrubNames) is { } problem)
        {
            return problem;
        }
        var created = await projects.CreateAsync(name, request.RateLimitPerMinute, request.ScrubNames, request.StoreIpAddresses, ct);
        return TypedResults.Created($"/api/v1/projects/{created.Project.Id}", KeyAnswer(created, http, urls.Value));
    }

    public static async Task<Results<Ok<ProjectKeyDto>, ProblemHttpResult>> RotateKeyAsync(
        Guid id, ProjectService projects, HttpRequest http, IOptions<PublicUrlOptions> urls, CancellationToken ct) =>
        await projects.RotateKeyAsync(id, ct) is { } rotated
            ? TypedResults.Ok(KeyAnswer(rotated, http, urls.Value))
            : ApiProblems.NotFound($"No project {id}.");

    public static async Task<Results<NoContent, ProblemHttpResult>> UpdateProjectAsync(
        Guid id, UpdateProjectRequest request, ProjectService projects, CancellationToken ct)
    {
        if (ScrubNamesProblem(request.ScrubNames) is { } problem)
        {
            return problem;
        }
        if (request.EventsPerDayQuota is < 1 || request.StoredBytesPerDayQuota is < 1)
        {
            return ApiProblems.BadRequest("events_per_day_quota and stored_bytes_per_day_quota must be at least 1 (or absent to keep them).");
        }
        return await projects.UpdateAsync(id, request, ct)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"No project {id}.");
    }

    private static ProblemHttpResult? ScrubNamesProblem(IReadOnlyList<string>? names) =>
        names is not null && (names.Count > FieldLimits.ScrubNames || names.Any(n => string.IsNullOrWhiteSpace(n) || n.Trim().Length > FieldLimits.ScrubName))
            ? ApiProblems.BadRequest($"scrub_names holds at most {FieldLimits.ScrubNames} names, each 1 to {FieldLimits.ScrubName} characters.")
            : null;

    public static async Task<Results<Ok<AllowedOriginsDto>, ProblemHttpResult>> SetAllowedOriginsAsync(
        Guid id, AllowedOriginsDto request, ProjectService projects, CancellationToken ct)
    {
        var origins = (request.AllowedOrigins ?? []).Select(o => o?.Trim() ?? "").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (BrowserOrigins.Problem(origins) is { } problem)
        {
            return ApiProblems.BadRequest(problem);
        }
        return await projects.SetAllowedOriginsAsync(id, origins, ct) is { } project
            ? TypedResults.Ok(new AllowedOriginsDto(project.AllowedOrigins))
            : ApiProblems.NotFound($"No project {id}.");
    }

    public static async Task<Results<Ok<RetentionDto>, ProblemHttpResult>> SetRetentionAsync(
        Guid id, RetentionRequest request, ProjectService projects, IOptions<RetentionOptions> retention, CancellationToken ct)
    {
        var max = retention.Value.MaxDays;
        if (request.RetentionDays is { } days && (days < 1 || days > max))
        {
            return ApiProblems.BadRequest($"retention_days must be 1 to {max} (the ingest's maximum), or null for the default.");
        }
        return await projects.SetRetentionAsync(id, request.RetentionDays, ct) is { } project
            ? TypedResults.Ok(new RetentionDto(project.RetentionDays, retention.Value.EffectiveDays(project.RetentionDays)))
            : ApiProblems.NotFound($"No project {id}.");
    }

    private static ProjectKeyDto KeyAnswer(ProjectService.WithKey project, HttpRequest http, PublicUrlOptions urls) =>
        new(project.Project.Id, project.Project.Name, project.Project.Slug, project.Key, project.Project.KeyPrefix,
            urls.DsnFor(http, project.Project.SentryKey, project.Project.Number));
}
