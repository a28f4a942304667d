using FiveHundreds.Mcp.Extensions;
using Microsoft.AspNetCore.Diagnostics;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = FiveHundreds.Mcp.Extensions.Extensions.StatusCodeFor });
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapMcpEndpoint();
app.Run();
