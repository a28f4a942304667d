using Microsoft.Extensions.Hosting;

namespace FiveHundreds.Sdk;

// Sends what is queued when the host stops. StoppedAsync runs after every hosted service has stopped, the web
// server included, so errors of requests that finish during the drain are still sent.
internal sealed class FiveHundredsShutdownFlush(FiveHundredsClient client) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => client.ShutdownAsync();
}
