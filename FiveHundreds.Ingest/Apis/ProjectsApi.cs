using System.Text.RegularExpressions;
using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Sentry;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Apis;

public static partial class ProjectsApi
{
    private const string IngestKeyKind = "fhk";
    private const int MaxScrubNames = 100;
    private const int MaxScrubNameLength = 100;

    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/v1/projects").WithTags("Projects").RequireAuthorization();
        projects.MapGet("/", ListProjectsAsync).WithSummary("The projects this token may see, with today's event counts");
        projects.MapPost("/", CreateProjectAsync).WithSummary("Create a project; the answer holds its ingest key, shown only here")
            .RequireAuthorization(AuthorizationPolicies.AdminOfAllProjects).ProducesProblem(400).ProducesProblem(403);
        projects.MapPatch("/{id:guid}", UpdateProjectAsync).WithSummary("Change how a project's events are scrubbed")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        projects.MapPost("/{id:guid}/key", RotateKeyAsync).WithSummary("Replace a project's ingest key; the old key stops working")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    public static async Task<Ok<List<ProjectDto>>> ListProjectsAsync(
        TriageReader reader, FiveHundredsDbContext db, TimeProvider clock, HttpRequest http, IOptions<PublicUrlOptions> urls, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var projects = await reader.VisibleProjects()
            .OrderBy(p => p.Name)
            .Select(p => new
            {
                Project = p,
                Today = db.ProjectDailyStats.Where(s => s.ProjectId == p.Id && s.Day == today).Select(s => new { s.Received, s.Dropped }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return TypedResults.Ok(projects.Select(x => new ProjectDto(
            x.Project.Id, x.Project.Name, x.Project.Slug, x.Project.KeyPrefix, x.Project.RateLimitPerMinute, x.Project.CreatedAt,
            x.Today?.Received ?? 0, x.Today?.Dropped ?? 0, urls.Value.DsnFor(http, x.Project.SentryKey, x.Project.Number),
            x.Project.ScrubNames, x.Project.StoreIpAddresses)).ToList());
    }

    public static async Task<Results<Created<ProjectKeyDto>, ProblemHttpResult>> CreateProjectAsync(
        CreateProjectRequest request, FiveHundredsDbContext db, HttpRequest http, IOptions<PublicUrlOptions> urls, CancellationToken ct)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            return ApiProblems.BadRequest("name is required, at most 200 characters.");
        }
        if (request.RateLimitPerMinute is < 1)
        {
            return ApiProblems.BadRequest("rate_limit_per_minute must be at least 1 (or absent for the default).");
        }
        if (ScrubNamesProblem(request.ScrubNames) is { } problem)
        {
            return problem;
        }

        var (key, hash, prefix) = SecretHasher.Create(IngestKeyKind);
        var project = new Project
        {
            Name = name,
            Slug = await UniqueSlugAsync(db, name, ct),
            KeyHash = hash,
            KeyPrefix = prefix,
            SentryKey = SentryDsn.NewPublicKey(),
            RateLimitPerMinute = request.RateLimitPerMinute,
            ScrubNames = Trimmed(request.ScrubNames),
            StoreIpAddresses = request.StoreIpAddresses,
        };
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/projects/{project.Id}", new ProjectKeyDto(project.Id, project.Name, project.Slug, key, prefix,
            urls.Value.DsnFor(http, project.SentryKey, project.Number)));
    }

    public static async Task<Results<Ok<ProjectKeyDto>, ProblemHttpResult>> RotateKeyAsync(
        Guid id, FiveHundredsDbContext db, TriageCaller caller, ProjectKeyResolver keys, HttpRequest http, IOptions<PublicUrlOptions> urls,
        CancellationToken ct)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null || !caller.CanSee(project.Id))
        {
            return ApiProblems.NotFound($"No project {id}.");
        }
        var (oldHash, oldSentryKey) = (project.KeyHash, project.SentryKey);
        var (key, hash, prefix) = SecretHasher.Create(IngestKeyKind);
        project.KeyHash = hash;
        project.KeyPrefix = prefix;
        // A leaked DSN is rotated the same way as a leaked ingest key.
        project.SentryKey = SentryDsn.NewPublicKey();
        await db.SaveChangesAsync(ct);
        keys.Forget(oldHash, oldSentryKey, project.Number);
        return TypedResults.Ok(new ProjectKeyDto(project.Id, project.Name, project.Slug, key, prefix,
            urls.Value.DsnFor(http, project.SentryKey, project.Number)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> UpdateProjectAsync(
        Guid id, UpdateProjectRequest request, FiveHundredsDbContext db, TriageCaller caller, ProjectKeyResolver keys, CancellationToken ct)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (project is null || !caller.CanSee(project.Id))
        {
            return ApiProblems.NotFound($"No project {id}.");
        }
        if (ScrubNamesProblem(request.ScrubNames) is { } problem)
        {
            return problem;
        }
        if (request.ScrubNames is not null)
        {
            project.ScrubNames = Trimmed(request.ScrubNames);
        }
        project.StoreIpAddresses = request.StoreIpAddresses ?? project.StoreIpAddresses;
        await db.SaveChangesAsync(ct);
        // The intake caches a project with its key; forgetting it applies the new settings to the next event.
        keys.Forget(project.KeyHash, project.SentryKey, project.Number);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult? ScrubNamesProblem(IReadOnlyList<string>? names) =>
        names is not null && (names.Count > MaxScrubNames || names.Any(n => string.IsNullOrWhiteSpace(n) || n.Trim().Length > MaxScrubNameLength))
            ? ApiProblems.BadRequest($"scrub_names holds at most {MaxScrubNames} names, each 1 to {MaxScrubNameLength} characters.")
            : null;

    private static string[] Trimmed(IReadOnlyList<string>? names) => [.. (names ?? []).Select(n => n.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static async Task<string> UniqueSlugAsync(FiveHundredsDbContext db, string name, CancellationToken ct)
    {
        var stem = NonSlugCharacters().Replace(name.ToLowerInvariant(), "-").Trim('-');
        stem = stem.Length == 0 ? "project" : stem[..Math.Min(stem.Length, 60)];
        var taken = await db.Projects.Where(p => p.Slug == stem || p.Slug.StartsWith(stem + "-")).Select(p => p.Slug).ToListAsync(ct);
        var slug = stem;
        for (var n = 2; taken.Contains(slug); n++)
        {
            slug = $"{stem}-{n}";
        }
        return slug;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlugCharacters();
}
