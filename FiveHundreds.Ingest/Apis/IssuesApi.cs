using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Apis;

public static class IssuesApi
{
    private const int DefaultPageSize = 25;
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapIssuesApi(this IEndpointRouteBuilder app)
    {
        var issues = app.MapGroup("/api/v1/issues").WithTags("Issues").RequireAuthorization();
        issues.MapGet("/", ListIssuesAsync).WithSummary("List issues, most recently seen first").ProducesProblem(400).ProducesProblem(404);
        issues.MapGet("/{id:guid}", GetIssueAsync).WithSummary("An issue with its latest event and event counts").ProducesProblem(404);
        issues.MapGet("/{id:guid}/events", ListIssueEventsAsync).WithSummary("An issue's events, newest first").ProducesProblem(400).ProducesProblem(404);
        issues.MapPatch("/{id:guid}", UpdateIssueAsync).WithSummary("Resolve or reopen an issue")
            .RequireAuthorization(AuthorizationPolicies.Triage).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        issues.MapPost("/", CreateIssueAsync).WithSummary("Report a bug by hand, without an exception")
            .RequireAuthorization(AuthorizationPolicies.Triage).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);

        app.MapGet("/api/v1/events/{id:guid}", GetEventAsync).WithTags("Issues").WithSummary("One event in full")
            .RequireAuthorization().ProducesProblem(404);
        return app;
    }

    public sealed record IssueListParameters(string? Project, string? Status, string? Query, string? Cursor, int? Limit);

    public static async Task<Results<Ok<IssuePageDto>, ProblemHttpResult>> ListIssuesAsync(
        [AsParameters] IssueListParameters parameters, TriageReader reader, CancellationToken ct)
    {
        if (!Enum.TryParse<IssueStatusFilter>(parameters.Status ?? "unresolved", ignoreCase: true, out var status) || int.TryParse(parameters.Status, out _))
        {
            return ApiProblems.BadRequest("status must be unresolved, resolved or all.");
        }
        if (!KeysetCursor.TryDecode(parameters.Cursor, out var cursor))
        {
            return ApiProblems.BadRequest("cursor is not one this API gave out.");
        }
        var limit = Math.Clamp(parameters.Limit ?? DefaultPageSize, 1, MaxPageSize);

        var issues = reader.VisibleIssues();
        if (!string.IsNullOrEmpty(parameters.Project))
        {
            var project = await reader.FindProjectAsync(parameters.Project, ct);
            if (project is null)
            {
                return ApiProblems.NotFound($"No project '{parameters.Project}'.");
            }
            issues = issues.Where(i => i.ProjectId == project.Id);
        }
        if (!string.IsNullOrWhiteSpace(parameters.Query))
        {
            // Searched as plain text: % _ and \ in the query match themselves.
            var pattern = "%" + parameters.Query.Trim().Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
            issues = issues.Where(i => EF.Functions.ILike(i.SearchText, pattern, @"\"));
        }

        var counts = await issues.GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);

        var page = status switch
        {
            IssueStatusFilter.Unresolved => issues.Where(i => i.Status == IssueStatus.Unresolved),
            IssueStatusFilter.Resolved => issues.Where(i => i.Status == IssueStatus.Resolved),
            _ => issues,
        };
        if (cursor is { } after)
        {
            page = page.Where(i => EF.Functions.LessThan(ValueTuple.Create(i.LastSeen, i.Id), ValueTuple.Create(after.Time, after.Id)));
        }
        var (rows, hasMore) = await page.OrderByDescending(i => i.LastSeen).ThenByDescending(i => i.Id).TakePageAsync(limit, ct);

        var items = await reader.SummarizeAsync(rows, ct);
        return TypedResults.Ok(new IssuePageDto(
            items,
            hasMore ? new KeysetCursor(rows[^1].LastSeen, rows[^1].Id).Encode() : null,
            new IssueCountsDto(
                counts.Where(c => c.Key == IssueStatus.Unresolved).Sum(c => c.Count),
                counts.Where(c => c.Key == IssueStatus.Resolved).Sum(c => c.Count))));
    }

    public static async Task<Results<Ok<IssueDetailDto>, ProblemHttpResult>> GetIssueAsync(Guid id, TriageReader reader, CancellationToken ct) =>
        await reader.GetIssueDetailAsync(id, ct) is { } detail ? TypedResults.Ok(detail) : ApiProblems.NotFound($"No issue {id}.");

    public static async Task<Results<Ok<EventPageDto>, ProblemHttpResult>> ListIssueEventsAsync(
        Guid id, string? cursor, int? limit, TriageReader reader, FiveHundredsDbContext db, CancellationToken ct)
    {
        if (!await reader.CanSeeIssueAsync(id, ct))
        {
            return ApiProblems.NotFound($"No issue {id}.");
        }
        if (!KeysetCursor.TryDecode(cursor, out var after))
        {
            return ApiProblems.BadRequest("cursor is not one this API gave out.");
        }
        var take = Math.Clamp(limit ?? 50, 1, MaxPageSize);
        var events = db.Events.AsNoTracking().Where(e => e.IssueId == id);
        if (after is { } c)
        {
            events = events.Where(e => EF.Functions.LessThan(ValueTuple.Create(e.OccurredAt, e.Id), ValueTuple.Create(c.Time, c.Id)));
        }
        var (rows, hasMore) = await events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Select(e => new EventSummaryDto(e.Id, e.EventId, e.OccurredAt, e.Release, e.ServerName, e.Message))
            .TakePageAsync(take, ct);
        return TypedResults.Ok(new EventPageDto(rows, hasMore ? new KeysetCursor(rows[^1].OccurredAt, rows[^1].Id).Encode() : null));
    }

    public static async Task<Results<Ok<EventDto>, ProblemHttpResult>> GetEventAsync(Guid id, TriageReader reader, CancellationToken ct) =>
        await reader.FindEventAsync(id, ct) is { } found ? TypedResults.Ok(found) : ApiProblems.NotFound($"No event {id}.");

    public static async Task<Results<Ok<IssueSummaryDto>, ProblemHttpResult>> UpdateIssueAsync(
        Guid id, UpdateIssueRequest request, TriageReader reader, IssueStatusService statuses, CancellationToken ct)
    {
        if (!Enum.IsDefined(request.Status))
        {
            return ApiProblems.BadRequest("status must be resolved or unresolved.");
        }
        if (!await statuses.SetStatusAsync(id, request.Status, ct))
        {
            return ApiProblems.NotFound($"No issue {id}.");
        }
        return TypedResults.Ok((await reader.FindIssueAsync(id, ct))!);
    }

    public static async Task<Results<Created<IssueSummaryDto>, ProblemHttpResult>> CreateIssueAsync(
        CreateIssueRequest request, TriageReader reader, EventWriter writer, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Length > 250)
        {
            return ApiProblems.BadRequest("title is required, at most 250 characters.");
        }
        if (request.Description?.Length > 64 * 1024)
        {
            return ApiProblems.BadRequest("description is at most 64 KiB.");
        }
        if (!Enum.IsDefined(request.Level))
        {
            return ApiProblems.BadRequest("level must be one of fatal, error, warning, info, debug.");
        }
        if (string.IsNullOrWhiteSpace(request.Project) || await reader.FindProjectAsync(request.Project, ct) is not { } project)
        {
            return ApiProblems.NotFound($"No project '{request.Project}'.");
        }
        var stored = await writer.WriteAsync(
            EventProcessor.ManualReport(project.Id, request.Title.Trim(), request.Description, request.Level, clock.GetUtcNow()), ct);
        var issue = (await reader.FindIssueAsync(stored.IssueId, ct))!;
        return TypedResults.Created($"/api/v1/issues/{issue.Id}", issue);
    }
}
