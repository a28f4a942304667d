using FiveHundreds.Mcp.Authentication;
using FiveHundreds.Mcp.Prompts;
using FiveHundreds.Mcp.Resources;
using FiveHundreds.Mcp.Tools;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace FiveHundreds.Mcp.Extensions;

public static class Extensions
{
    public const string McpPath = "/mcp";

    public const string ServerInstructions =
        "FiveHundreds is an error tracker: applications report their exceptions to it, and it groups them into " +
        "issues, one per distinct bug. Use list_issues to see what is failing, get_issue to read one issue's " +
        "exception, stacktrace, request and history, update_issue_status to resolve or reopen it, " +
        "assign_issue to take it or hand it to a teammate, create_ticket_from_issue to put it on the team's board, " +
        "add_comment to leave a note for the team in the issue's activity log, and create_issue to report a bug by hand. " +
        "The triage_issue prompt walks through reading an issue and proposing a fix.";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddMemoryCache();

        builder.Services.AddOptions<TriageApiOptions>().BindConfiguration(TriageApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddTriageApiClient(
            services =>
            {
                var accessor = services.GetRequiredService<IHttpContextAccessor>();
                return () => CallerToken.From(accessor.HttpContext?.Request);
            },
            services => services.GetRequiredService<IOptions<TriageApiOptions>>().Value.BaseAddress);
        builder.Services.AddScoped<IssueReader>();

        builder.Services.AddAuthentication(CallerTokenOptions.Scheme)
            .AddScheme<CallerTokenOptions, CallerTokenAuthenticationHandler>(CallerTokenOptions.Scheme, null);
        builder.Services.AddOptions<CallerTokenOptions>(CallerTokenOptions.Scheme).BindConfiguration(CallerTokenOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAuthorization();
        builder.Services.AddProblemDetails();

        builder.Services.AddFiveHundredsMcpServer();
    }

    // The MCP server's primitives, separate from the host so that contract tests can build the same server
    // without HTTP.
    public static IServiceCollection AddFiveHundredsMcpServer(this IServiceCollection services)
    {
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "FiveHundreds", Version = "1.0.0" };
                options.ServerInstructions = ServerInstructions;
            })
            // Stateless: every tool is one request and answer, nothing is pushed to the client, and each request
            // carries the caller's token, so any replica can serve any request without session affinity.
            .WithHttpTransport(transport => transport.SessionMode = HttpServerSessionMode.Stateless)
            .WithTools<ListIssuesTool>(McpJson.Options)
            .WithTools<GetIssueTool>(McpJson.Options)
            .WithTools<ListEventsTool>(McpJson.Options)
            .WithTools<GetEventTool>(McpJson.Options)
            .WithTools<UpdateIssueStatusTool>(McpJson.Options)
            .WithTools<CreateTicketFromIssueTool>(McpJson.Options)
            .WithTools<CreateIssueTool>(McpJson.Options)
            .WithTools<AssignIssueTool>(McpJson.Options)
            .WithTools<AddCommentTool>(McpJson.Options)
            .WithTools<MergeIssuesTool>(McpJson.Options)
            .WithResources<IssueResource>()
            .WithPrompts<TriageIssuePrompt>(McpJson.Options)
            .WithRequestFilters(filters => filters.AddCallToolFilter(TriageApiErrorFilter.Create()));
        return services;
    }

    // The triage API being unreachable (also while checking a caller's token) is an outage to retry, not a bug here.
    public static int StatusCodeFor(Exception exception) => exception is HttpRequestException or TimeoutException
        or Polly.Timeout.TimeoutRejectedException or TriageApiException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError }
        ? StatusCodes.Status503ServiceUnavailable
        : StatusCodes.Status500InternalServerError;

    public static void MapMcpEndpoint(this WebApplication app) =>
        app.MapMcp(McpPath).RequireAuthorization();
}
