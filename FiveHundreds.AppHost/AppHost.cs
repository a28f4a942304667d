using FiveHundreds.AppHost.Alerts;
using FiveHundreds.AppHost.Auth;
using FiveHundreds.AppHost.DataStores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var builder = DistributedApplication.CreateBuilder(args);

// Secrets come from user secrets (generated on first run) or, when deploying, from azd's prompts.
var adminToken = builder.AddParameter("admin-token", new GenerateParameterDefault { MinLength = 40, Special = false }, secret: true, persist: true);
var adminPassword = builder.AddParameter("admin-password", new GenerateParameterDefault { MinLength = 16, Special = false }, secret: true, persist: true);

var dataStores = builder.AddFiveHundredsDataStores("fivehundreds");

var ingest = builder.AddProject<Projects.FiveHundreds_Ingest>("ingest")
    .WithReference(dataStores.Database).WaitFor(dataStores.Database)
    .WithReference(dataStores.Cache).WaitFor(dataStores.Cache)
    .WithEnvironment("Auth__AdminToken", adminToken)
    // The first owner "admin" is made with it while there is no owner.
    .WithEnvironment("Auth__AdminPassword", adminPassword)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

// The web keeps its Data Protection key ring in the database (the ingest's migrations make its table) and talks
// to the triage API for everything else.
var web = builder.AddProject<Projects.FiveHundreds_Web>("web")
    .WithReference(ingest).WaitFor(ingest)
    .WithReference(dataStores.Database)
    .WithEnvironment("Auth__AdminToken", adminToken)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

var mcp = builder.AddProject<Projects.FiveHundreds_Mcp>("mcp")
    .WithReference(ingest).WaitFor(ingest)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

// How many instances of the stateless services run ("Replicas": { "Ingest": 2, "Web": 2 } in the AppHost's
// configuration). Replicas share the rate limits, quotas and key changes through Redis and the Data Protection
// key rings in PostgreSQL (one each for the ingest and the web); PostgreSQL stays one.
var replicas = builder.Configuration.GetSection("Replicas");
ingest.WithReplicas(replicas.GetValue("Ingest", 1));
web.WithReplicas(replicas.GetValue("Web", 1));
mcp.WithReplicas(replicas.GetValue("Mcp", 1));

// Ticket descriptions link back to the page in the dashboard; DSNs and set-up snippets name the
// ingest's own public address.
ingest.WithEnvironment("Dashboard__BaseUrl", web.GetEndpoint("http"))
    .WithEnvironment("Ingest__PublicUrl", ingest.GetEndpoint("http"));
web.WithEnvironment("Ingest__PublicUrl", ingest.GetEndpoint("http"));

// People may sign in through the organisation's OpenID Connect provider when sso-authority is set.
builder.WithSingleSignOn(ingest, web);

// Alert emails: to a local mail catcher when running, to the SMTP server given as parameters when deployed.
ingest.WithAlertEmail();

// FiveHundreds reports its own exceptions to itself: the services' logs that carry an exception go over OTLP to
// the ingest too (beside the Aspire dashboard), for the built-in project "FiveHundreds" that the ingest creates at
// start with this key. On by default in run mode; "SelfReport": false in the AppHost's configuration turns it off.
if (bool.TryParse(builder.Configuration["SelfReport"], out var selfReport) ? selfReport : builder.ExecutionContext.IsRunMode)
{
    var selfReportKey = builder.AddParameter("self-report-key", new GenerateParameterDefault { MinLength = 40, Special = false }, secret: true, persist: true);
    ingest.WithEnvironment("SelfReport__ProjectKey", selfReportKey);
    foreach (var service in new IResourceBuilder<ProjectResource>[] { ingest, web, mcp })
    {
        // X-Monolynx-Key is the ingest's key header (EventsApi.KeyHeader).
        service.WithEnvironment("FiveHundreds__SelfReport__Endpoint", ingest.GetEndpoint("http"))
            .WithEnvironment("FiveHundreds__SelfReport__Headers", ReferenceExpression.Create($"X-Monolynx-Key={selfReportKey}"));
    }
}


var app = builder.Build();
var dataStoreFailure = app.Services.GetRequiredService<DataStoreStartFailure>();
try
{
    app.Run();
}
catch (OperationCanceledException) when (dataStoreFailure.ExitCode != 0)
{
    // A data store stopped the start, which cancels it, and has said why.
}
return dataStoreFailure.ExitCode;
