using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FiveHundreds.Tests.Infrastructure;

// The whole stack as the AppHost runs it, through Aspire.Hosting.Testing, over a data folder of its own and with
// explicit secrets (never the developer's user secrets), every resource healthy before it is handed over. The
// tests' StackFixture and the replica benchmark start it the same way.
public static class AppHostStack
{
    public static readonly string[] Resources = ["postgres", "fivehundreds", "cache", "ingest", "web", "mcp"];

    // settings are more AppHost configuration lines ("Replicas:Ingest=2"); configure may add services.
    public static async Task<DistributedApplication> StartAsync(
        string dataDirectory, string adminToken, string adminPassword, IEnumerable<string> settings,
        Action<IDistributedApplicationTestingBuilder>? configure, CancellationToken ct)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FiveHundreds_AppHost>(
            [.. Secrets(adminToken, adminPassword), $"DataStores:DataDirectory={dataDirectory}", .. settings],
            ct);
        builder.Services.AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        configure?.Invoke(builder);

        var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        await Task.WhenAll(Resources.Select(r => notifications.WaitForResourceHealthyAsync(r, ct)));
        return app;
    }

    // A value for every secret parameter of the AppHost, fresh and random unless given. An AppHost that is left to
    // generate a persistent parameter writes it into the user secrets of whoever runs the tests, the developer's
    // own stack's (eng/test.sh checks that a run leaves them alone), so every test's AppHost is given them all.
    public static string[] Secrets(string? adminToken = null, string? adminPassword = null, string? postgresPassword = null) =>
    [
        $"Parameters:admin-token={adminToken ?? Guid.NewGuid().ToString("N")}",
        $"Parameters:admin-password={adminPassword ?? Guid.NewGuid().ToString("N")}",
        $"Parameters:postgres-password={postgresPassword ?? Guid.NewGuid().ToString("N")}",
        $"Parameters:cache-password={Guid.NewGuid():N}",
        $"Parameters:self-report-key={Guid.NewGuid():N}{Guid.NewGuid():N}",
    ];
}
