using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using FiveHundreds.AppHost.DataStores;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.Tests.Sdks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
            // The data folder keeps the password it was made with; the AppHost is then given another one.
            var (keptPassword, laterPassword) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
            await LocalPostgresDataDirectory.EnsureInitializedAsync(LocalServerBinaries.FindPostgresBinDirectory(), postgresData,
                keptPassword, Environment.IsPrivilegedProcess, CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FiveHundreds_AppHost>(
                [
                    .. AppHostStack.Secrets(postgresPassword: laterPassword),
                    "DataStores:Mode=LocalProcesses",
                    $"DataStores:DataDirectory={dataDirectory}",
                ],
                timeout.Token);
            var log = new DotnetSdkLogSink();
            builder.Services.AddLogging(logging => logging.AddProvider(log));
            await using var app = await builder.BuildAsync(timeout.Token);
            var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

            var clock = Stopwatch.StartNew();
            try
            {
                await app.StartAsync(timeout.Token);
                await Task.Delay(Timeout.Infinite, stopping);
            }
            catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
            {
                // The AppHost stopped its own start, as it should.
            }
            var stoppedAfter = clock.Elapsed;

            Assert.True(stoppedAfter < TimeSpan.FromSeconds(30), $"The start stopped after {stoppedAfter}");
            Assert.True(stopping.IsCancellationRequested, "The AppHost did not stop");
            Assert.Equal(1, app.Services.GetRequiredService<DataStoreStartFailure>().ExitCode);
            // What the terminal of eng/run.sh shows.
            Assert.Contains(log.Entries, entry => entry.Level == LogLevel.Critical && entry.Message.Contains($"rm -rf '{postgresData}'"));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
