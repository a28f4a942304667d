using FiveHundreds.Ingest.Alerts;
using FiveHundreds.Ingest.Auth;
using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FiveHundreds.Ingest.Apis;

// A project's alert rules, destinations and delivery log. Anyone who may see the project reads them; only a
// token with the admin scope for the project changes them or sends a test alert. Invalid rules and destinations are
// answered 400 by ProblemExceptionHandler.
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/v1/projects/{project}/alerts").WithTags("Alerts").RequireAuthorization();
        alerts.MapGet("/destinations", ListDestinationsAsync).WithSummary("The project's alert destinations, without their URLs or secrets")
            .ProducesProblem(404);
        alerts.MapPost("/destinations", CreateDestinationAsync)
            .WithSummary("Add an alert destination; a webhook's signing secret is answered this once")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(400).ProducesProblem(404);
        alerts.MapDelete("/destinations/{id:guid}", DeleteDestinationAsync).WithSummary("Remove an alert destination from the project and its rules")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(404);
        alerts.MapGet("/rules", ListRulesAsync).WithSummary("The project's alert rules").ProducesProblem(404);
        alerts.MapPost("/rules", CreateRuleAsync).WithSummary("Add an alert rule")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(400).ProducesProblem(404);
        alerts.MapPut("/rules/{id:guid}", UpdateRuleAsync).WithSummary("Change an alert rule")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(400).ProducesProblem(404);
        alerts.MapDelete("/rules/{id:guid}", DeleteRuleAsync).WithSummary("Remove an alert rule and its delivery log")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(404);
        alerts.MapPost("/rules/{id:guid}/test", SendTestAlertAsync)
            .WithSummary("Send a test alert to each of the rule's destinations now and answer how each went")
            .RequireAuthorization(AuthorizationPolicies.Admin).ProducesProblem(400).ProducesProblem(404);
        alerts.MapGet("/deliveries", ListDeliveriesAsync)
            .WithSummary($"The delivery log, newest first (at most {AlertAdministration.MaxDeliveriesListed}), optionally of one rule or destination")
            .ProducesProblem(404);

        app.MapGet("/api/v1/issues/{id:guid}/alerts", ListIssueAlertsAsync).WithTags("Alerts")
            .WithSummary("The alerts that fired for an issue, newest first").RequireAuthorization().ProducesProblem(404);
        return app;
    }

    public static async Task<Results<Ok<List<AlertDestinationDto>>, ProblemHttpResult>> ListDestinationsAsync(
        string project, TriageReader reader, AlertAdministration alerts, CancellationToken ct) =>
        await reader.FindProjectAsync(project, ct) is { } found
            ? TypedResults.Ok(await alerts.ListDestinationsAsync(found.Id, ct))
            : NoProject(project);

    public static async Task<Results<Created<AlertDestinationCreatedDto>, ProblemHttpResult>> CreateDestinationAsync(
        string project, CreateAlertDestinationRequest request, TriageReader reader, AlertAdministration alerts, CancellationToken ct)
    {
        if (await reader.FindProjectAsync(project, ct) is not { } found)
        {
            return NoProject(project);
        }
        var created = await alerts.CreateDestinationAsync(found.Id, request, ct);
        return TypedResults.Created($"/api/v1/projects/{found.Id}/alerts/destinations/{created.Destination.Id}", created);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteDestinationAsync(
        string project, Guid id, TriageReader reader, AlertAdministration alerts, CancellationToken ct) =>
        await reader.FindProjectAsync(project, ct) is { } found && await alerts.DeleteDestinationAsync(found.Id, id, ct)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"No alert destination {id} in project '{project}'.");

    public static async Task<Results<Ok<List<AlertRuleDto>>, ProblemHttpResult>> ListRulesAsync(
        string project, TriageReader reader, AlertAdministration alerts, CancellationToken ct) =>
        await reader.FindProjectAsync(project, ct) is { } found
            ? TypedResults.Ok(await alerts.ListRulesAsync(found.Id, ct))
            : NoProject(project);

    public static async Task<Results<Created<AlertRuleDto>, ProblemHttpResult>> CreateRuleAsync(
        string project, AlertRuleRequest request, TriageReader reader, AlertAdministration alerts, CancellationToken ct)
    {
        if (await reader.FindProjectAsync(project, ct) is not { } found)
        {
            return NoProject(project);
        }
        var rule = await alerts.CreateRuleAsync(found.Id, request, ct);
        return TypedResults.Created($"/api/v1/projects/{found.Id}/alerts/rules/{rule.Id}", rule);
    }

    public static async Task<Results<Ok<AlertRuleDto>, ProblemHttpResult>> UpdateRuleAsync(
        string project, Guid id, AlertRuleRequest request, TriageReader reader, AlertAdministration alerts, CancellationToken ct)
    {
        if (await reader.FindProjectAsync(project, ct) is not { } found)
        {
            return NoProject(project);
        }
        return await alerts.UpdateRuleAsync(found.Id, id, request, ct) is { } rule
            ? TypedResults.Ok(rule)
            : ApiProblems.NotFound($"No alert rule {id} in project '{project}'.");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteRuleAsync(
        string project, Guid id, TriageReader reader, AlertAdministration alerts, CancellationToken ct) =>
        await reader.FindProjectAsync(project, ct) is { } found && await alerts.DeleteRuleAsync(found.Id, id, ct)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"No alert rule {id} in project '{project}'.");

    public static async Task<Results<Ok<List<AlertDeliveryDto>>, ProblemHttpResult>> SendTestAlertAsync(
        string project, Guid id, TriageReader reader, AlertAdministration alerts, CancellationToken ct)
    {
        if (await reader.FindProjectAsync(project, ct) is not { } found)
        {
            return NoProject(project);
        }
        return await alerts.SendTestAsync(found.Id, id, ct) is { } deliveries
            ? TypedResults.Ok(deliveries)
            : ApiProblems.NotFound($"No alert rule {id} in project '{project}'.");
    }

    public static async Task<Results<Ok<List<AlertDeliveryDto>>, ProblemHttpResult>> ListDeliveriesAsync(
        string project, Guid? rule, Guid? destination, TriageReader reader, AlertAdministration alerts, CancellationToken ct) =>
        await reader.FindProjectAsync(project, ct) is { } found
            ? TypedResults.Ok(await alerts.ListDeliveriesAsync(found.Id, rule, destination, ct))
            : NoProject(project);

    public static async Task<Results<Ok<List<AlertDeliveryDto>>, ProblemHttpResult>> ListIssueAlertsAsync(
        Guid id, TriageReader reader, AlertAdministration alerts, CancellationToken ct) =>
        await reader.CanSeeIssueAsync(id, ct)
            ? TypedResults.Ok(await alerts.ListIssueDeliveriesAsync(id, ct))
            : ApiProblems.NotFound($"No issue {id}.");

    private static ProblemHttpResult NoProject(string project) => ApiProblems.NotFound($"No project '{project}'.");
}
