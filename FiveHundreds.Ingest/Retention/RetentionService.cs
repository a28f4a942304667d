using Microsoft.Extensions.Options;
using Npgsql;

namespace FiveHundreds.Ingest.Retention;

// Creates the events table's partitions ahead and runs retention, in every replica: partition creation waits for
// the other replicas, and a pass already running elsewhere is skipped (RetentionPass's advisory lock).
public sealed class RetentionService(
    EventPartitions partitions, RetentionPass pass, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<RetentionService> logger) : BackgroundService
{
    // Hosted services start in order and before the server listens: after the migrations, and before the first
    // event, today's partition exists. Earlier runs (or the migration) created today's ahead of time, so a start that
    // cannot take the events table's lock in time goes on, and the timer creates the rest.
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await partitions.CreateAheadAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            logger.LogWarning(ex, "The events table was busy; its partitions ahead are created on the next run.");
        }
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
