using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FiveHundreds.Ingest.Apis;

public static class IssuesApi
{
    private const int DefaultPageSize = 25;
    private const int DefaultEventPageSize = 50;
    private const int MaxPageSize = 100;

    // More than any issue receives (or hits) in years: a larger count is a typing error, not a plan.
    private const long MaxIgnoreCount = 1_000_000_000;

    public static IEndpointRouteBuilder MapIssuesApi(this IEndpointRouteBuilder app)
    {
        var issues = app.MapGroup("/api/v1/issues").WithTags("Issues").RequireAuthorization();
        issues.MapGet("/", ListIssuesAsync).WithSummary("List issues, most recently seen first").ProducesProblem(400).ProducesProblem(404);
        issues.MapGet("/{id:guid}", GetIssueAsync).WithSummary("An issue with its latest event and event counts").ProducesProblem(404);
        issues.MapGet("/{id:guid}/events", ListIssueEventsAsync).WithSummary("An issue's events, newest first").ProducesProblem(400).ProducesProblem(404);
        issues.MapPatch("/{id:guid}", UpdateIssueAsync).WithSummary("Resolve (now or in the next release), ignore or reopen an issue")
            .RequireAuthorization(AuthorizationPolicies.Triage).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        issues.MapPut("/{id:guid}/assignee", AssignIssueAsync).WithSummary("Assign an issue to a person, or unassign it (assignee null)")
            .RequireAuthorization(AuthorizationPolicies.Triage).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        issues.MapPost("/merge", MergeIssuesAsync).WithSummary("Merge issues of one project into one of them")
            .RequireAuthorization(AuthorizationPolicies.Triage).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        issues.MapPost("/", CreateIssueAsync).WithSummary("Report a bug by hand, without an exception")
            .RequireAuthorization(AuthorizationPolicies.Triage).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);

        app.MapGet("/api/v1/events/{id:guid}", GetEventAsync).WithTags("Issues").WithSummary("One event in full")
            .RequireAuthorization().ProducesProblem(404);
        return app;
    }

    // assignee: "me", "none" (unassigned) or a person's id.
    public sealed record IssueListParameters(
        string? Project, string? Status, string? Query, string? Environment, string? Release, string? Cursor, int? Limit, string? Assignee);

    public static async Task<Results<Ok<IssuePageDto>, ProblemHttpResult>> ListIssuesAsync(
        [AsParameters] IssueListParameters parameters, TriageReader reader, TriageCaller caller, CancellationToken ct)
    {
        var status = IssueStatusFilter.Unresolved;
        if (parameters.Status is not null && !WireWords.TryParse(parameters.Status, out status))
        {
            return ApiProblems.BadRequest($"status must be one of {string.Join(", ", WireWords.All<IssueStatusFilter>())}.");
        }
        if (!KeysetCursor.TryDecode(parameters.Cursor, out var cursor))
        {
            return ApiProblems.BadRequest("cursor is not one this API gave out.");
        }
        if (!IssueSearchParser.TryParse(parameters.Query, out var search, out var error))
        {
            return ApiProblems.BadQuery(error!);
        }
        search = search.WithFacet(IssueAggregates.Environment, parameters.Environment).WithFacet(IssueAggregates.Release, parameters.Release);
        if (AssigneeOf(ref search, parameters.Assignee, caller.UserId, out var assignee) is { } problem)
        {
            return ApiProblems.BadRequest(problem);
        }
        var query = new IssueListQuery(
            parameters.Project, status, search, cursor, Math.Clamp(parameters.Limit ?? DefaultPageSize, 1, MaxPageSize), assignee);
        return await reader.ListIssuesAsync(query, ct) is { } page
            ? TypedResults.Ok(page)
            : ApiProblems.NotFound($"No project '{parameters.Project}'.");
    }

    // The assignee parameter is the query's assigned: term, given apart; "me" is the caller's person. A problem, or
    // null with the filter (null: anyone's issues).
    private static string? AssigneeOf(ref IssueSearch search, string? parameter, Guid? callerPerson, out AssigneeFilter? assignee)
    {
        assignee = null;
        if (parameter is not null)
        {
            if (AssignedTerm.TryRead(parameter) is not { } term)
            {
                return "assignee must be me, none or a person's id.";
            }
            if (search.Assigned is { } typed && typed != term)
            {
                return "assignee and the query's assigned: name different people; give one of them.";
            }
            search = search with { Assigned = term };
        }
        if (search.Assigned is not { } assigned)
        {
            return null;
        }
        if (assigned.ToCaller && callerPerson is null)
        {
            return "assignee=me (assigned:me) needs a person's session or token; this is an automation token.";
        }
        assignee = new AssigneeFilter(assigned.ToCaller ? callerPerson : assigned.Person);
        return null;
    }

    public static async Task<Results<Ok<IssueDetailDto>, ProblemHttpResult>> GetIssueAsync(Guid id, TriageReader reader, CancellationToken ct) =>
        await reader.GetIssueDetailAsync(id, ct) is { } detail ? TypedResults.Ok(detail) : ApiProblems.NotFound($"No issue {id}.");

    public static async Task<Results<Ok<EventPageDto>, ProblemHttpResult>> ListIssueEventsAsync(
        Guid id, string? cursor, int? limit, TriageReader reader, CancellationToken ct)
    {
        if (!KeysetCursor.TryDecode(cursor, out var after))
        {
            return ApiProblems.BadRequest("cursor is not one this API gave out.");
        }
        return await reader.ListIssueEventsAsync(id, after, Math.Clamp(limit ?? DefaultEventPageSize, 1, MaxPageSize), ct) is { } page
            ? TypedResults.Ok(page)
            : ApiProblems.NotFound($"No issue {id}.");
    }

    public static async Task<Results<Ok<EventDto>, ProblemHttpResult>> GetEventAsync(Guid id, TriageReader reader, CancellationToken ct) =>
        await reader.FindEventAsync(id, ct) is { } found ? TypedResults.Ok(found) : ApiProblems.NotFound($"No event {id}.");

    public static async Task<Results<Ok<IssueSummaryDto>, ProblemHttpResult>> UpdateIssueAsync(
        Guid id, UpdateIssueRequest request, TriageReader reader, IssueStatusService statuses, TimeProvider clock, CancellationToken ct)
    {
        if (CheckStatusChange(request, clock.GetUtcNow()) is { } problem)
        {
            return ApiProblems.BadRequest(problem);
        }
        return await statuses.SetStatusAsync(id, request, ct) switch
        {
            IssueStatusService.Outcome.NotFound => ApiProblems.NotFound($"No issue {id}."),
            IssueStatusService.Outcome.NoRelease => ApiProblems.BadRequest(
                "in_next_release needs a release: this project's events have never named one. Resolve it without in_next_release."),
            _ => TypedResults.Ok((await reader.FindIssueAsync(id, ct))!),
        };
    }

    private static string? CheckStatusChange(UpdateIssueRequest request, DateTimeOffset now) => request switch
    {
        { Status: var status } when !Enum.IsDefined(status) =>
            $"status must be one of {string.Join(", ", WireWords.All<IssueStatus>())}.",
        { Ignore: not null, Status: not IssueStatus.Ignored } => "ignore is only for status ignored.",
        { InNextRelease: true, Status: not IssueStatus.Resolved } => "in_next_release is only for status resolved.",
        { Ignore: { } ignore } when new object?[] { ignore.Until, ignore.MoreEvents, ignore.MoreUsers }.Count(c => c is not null) > 1 =>
            "ignore takes one condition: until, more_events or more_users.",
        { Ignore.Until: { } until } when until <= now => "ignore.until must be in the future.",
        { Ignore.MoreEvents: { } more } when more is < 1 or > MaxIgnoreCount =>
            $"ignore.more_events must be from 1 to {MaxIgnoreCount:N0}.",
        { Ignore.MoreUsers: { } more } when more is < 1 or > MaxIgnoreCount =>
            $"ignore.more_users must be from 1 to {MaxIgnoreCount:N0}.",
        _ => null,
    };

    public static async Task<Results<Ok<IssueSummaryDto>, ProblemHttpResult>> AssignIssueAsync(
        Guid id, AssignIssueRequest request, TriageReader reader, IssueAssignmentService assignments, CancellationToken ct) =>
        await assignments.AssignAsync(id, request.Assignee, ct)
            ? TypedResults.Ok((await reader.FindIssueAsync(id, ct))!)
            : ApiProblems.NotFound($"No issue {id}.");

    public static async Task<Results<Ok<IssueSummaryDto>, ProblemHttpResult>> MergeIssuesAsync(
        MergeIssuesRequest request, TriageReader reader, IssueMerger merger, CancellationToken ct)
    {
        var issues = request.Issues ?? [];
        if (issues.Count == 0 || issues.Count > IssueMerger.MaxIssues)
        {
            return ApiProblems.BadRequest($"issues must name 1 to {IssueMerger.MaxIssues} issues to merge into target.");
        }
        return await merger.MergeAsync(request.Target, issues, ct) switch
        {
            IssueMerger.Outcome.Merged => TypedResults.Ok((await reader.FindIssueAsync(request.Target, ct))!),
            IssueMerger.Outcome.DifferentProjects => ApiProblems.BadRequest("Only issues of one project can be merged."),
            _ => ApiProblems.NotFound("The target or one of the issues does not exist."),
        };
    }

    public static async Task<Results<Created<IssueSummaryDto>, ProblemHttpResult>> CreateIssueAsync(
        CreateIssueRequest request, TriageReader reader, TriageCaller caller, EventWriter writer, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Length > FieldLimits.IssueTitle)
        {
            return ApiProblems.BadRequest($"title is required, at most {FieldLimits.IssueTitle} characters.");
        }
        if (request.Description?.Length > FieldLimits.IssueDescription)
        {
            return ApiProblems.BadRequest($"description is at most {FieldLimits.IssueDescription / 1024} KiB.");
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
            EventProcessor.ManualReport(project.Id, request.Title.Trim(), request.Description, request.Level, clock.GetUtcNow(), caller.Actor), ct);
        var issue = (await reader.FindIssueAsync(stored.IssueId, ct))!;
        return TypedResults.Created($"/api/v1/issues/{issue.Id}", issue);
    }
}
