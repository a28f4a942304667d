using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Alerts;

// Runs in every ingest replica: it is woken by this replica's commits, polls for the others' and for
// retries that fall due, and shares the work with the other replicas through the database's row locks.
public sealed class AlertDispatcher(
    IServiceScopeFactory scopes, AlertDispatchSignal signal, IOptions<AlertOptions> options, ILogger<AlertDispatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var router = scope.ServiceProvider.GetRequiredService<AlertIntentRouter>();
                var runner = scope.ServiceProvider.GetRequiredService<AlertDeliveryRunner>();
                while (await router.RouteAsync(stoppingToken) > 0)
                {
                }
                while (await runner.SendDueAsync(stoppingToken) >= options.Value.ClaimBatchSize)
                {
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be away; what is claimed or queued is still there when it is back.
                logger.LogWarning(ex, "Dispatching alerts failed; trying again at the next poll.");
            }
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
