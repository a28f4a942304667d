using FiveHundreds.Ingest.Apis;
using FiveHundreds.Ingest.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// First, so that everything after sees the scheme and address the client used (ForwardedHeadersSettings).
app.UseForwardedHeaders();
app.UseOtlpInstrumentationSuppression();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapEventsApi();
app.MapSentryApi();
app.MapOtlpApi();
app.MapProjectsApi();
app.MapIssuesApi();
app.MapTicketsApi();
app.MapActivityApi();
app.MapTokensApi();
app.MapSessionsApi();
app.MapMeApi();
app.MapMembersApi();
app.MapAlertsApi();

app.Run();
