using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Retention;

// Creates the events table's partitions ahead and runs retention, in every replica: partition creation waits for
// the other replicas, and a pass already running elsewhere is skipped (RetentionPass's advisory lock).
public sealed class RetentionService(
    EventPartitions partitions, RetentionPass pass, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<RetentionService> logger) : BackgroundService
{
    // Hosted services start in order and before the server listens: after the migrations, and before the first
    // event, today's partition exists.
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await partitions.CreateAheadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PassInterval, clock);
        do
        {
            try
            {
                await partitions.CreateAheadAsync(stoppingToken);
                await pass.TryRunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Retention could not run; it is tried again in {Interval}.", options.Value.PassInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
