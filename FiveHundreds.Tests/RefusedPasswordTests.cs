using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FiveHundreds.AppHost.DataStores;
using FiveHundreds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FiveHundreds.Tests;

public sealed class RefusedPasswordTests
{
    [Fact]
    public async Task A_kept_data_folder_with_another_password_stops_the_start_within_seconds_naming_the_fix()
    {
        var dataDirectory = ServerDataDirectory.Create("fivehundreds-refused-");
        var postgresData = Path.Combine(dataDirectory, "postgres");
        try
        {
            await LocalPostgresDataDirectory.EnsureInitializedAsync(LocalServerBinaries.FindPostgresBinDirectory(), postgresData,
                "the-first-password", Environment.IsPrivilegedProcess, CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FiveHundreds_AppHost>(
                [
                    "Parameters:admin-token=" + Guid.NewGuid().ToString("N"),
                    "Parameters:admin-password=" + Guid.NewGuid().ToString("N"),
                    "Parameters:postgres-password=a-password-of-later",
                    "Parameters:cache-password=" + Guid.NewGuid().ToString("N"),
                    "DataStores:Mode=LocalProcesses",
                    $"DataStores:DataDirectory={dataDirectory}",
                ],
                timeout.Token);
            await using var app = await builder.BuildAsync(timeout.Token);
            var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
            var postgresLog = CollectLogAsync(app.Services.GetRequiredService<ResourceLoggerService>(), "postgres", stopping);

            var clock = Stopwatch.StartNew();
            await app.StartAsync(timeout.Token);
            await notifications.WaitForResourceAsync("postgres", KnownResourceStates.FailedToStart, timeout.Token);
            var failedAfter = clock.Elapsed;
            var stopped = new TaskCompletionSource();
            stopping.Register(() => stopped.TrySetResult());
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10), timeout.Token);

            Assert.True(failedAfter < TimeSpan.FromSeconds(30), $"The refusal was reported after {failedAfter}");
            Assert.Equal(1, app.Services.GetRequiredService<DataStoreStartFailure>().ExitCode);
            Assert.Contains($"rm -rf '{postgresData}'", await postgresLog);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<string> CollectLogAsync(ResourceLoggerService logs, string resource, CancellationToken until)
    {
        var text = new System.Text.StringBuilder();
        try
        {
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(until))
            {
                foreach (var line in batch)
                {
                    text.AppendLine(line.Content);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The AppHost stopped: the log is complete.
        }
        return text.ToString();
    }
}
