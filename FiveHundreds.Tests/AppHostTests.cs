using Aspire.Hosting.ApplicationModel;
using FiveHundreds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FiveHundreds.Tests;

[Collection(StackCollection.Name)]
public sealed class AppHostTests(StackFixture stack)
{
    [Fact]
    public async Task Every_resource_of_the_stack_is_healthy()
    {
        var notifications = stack.App.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var resource in AppHostStack.Resources)
        {
            Assert.True(notifications.TryGetCurrentState(resource, out var state), $"{resource} has no state");
            Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, state.Snapshot.HealthStatus);
        }

        foreach (var service in new[] { "ingest", "web", "mcp" })
        {
            using var http = stack.CreateHttpClient(service);
            using var response = await http.GetAsync("/health");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
    }
}
