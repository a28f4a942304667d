using FiveHundreds.Ingest.Infrastructure;
using Npgsql;

namespace FiveHundreds.Ingest.Retention;

// Runs a retention pass's statements at the pace of RetentionOptions.WorkingShare: after each one it rests in
// proportion to how long the statement took, so that the intake has the database to itself the rest of the time.
// Time is the injected clock's, so a test clock that stands still never rests.
internal sealed class PacedStatements(RetentionOptions options, TimeProvider clock)
{
    public long LargestBatch { get; private set; }

    // Runs a DELETE of at most BatchSize rows until one deletes fewer; returns the rows deleted in all.
    public async Task<long> InBatchesAsync(Func<Task<long>> batch, CancellationToken ct)
    {
        long total = 0;
        long deleted;
        do
        {
            deleted = await OneAsync(batch, ct);
            LargestBatch = Math.Max(LargestBatch, deleted);
            total += deleted;
        }
        while (deleted >= options.BatchSize);
        return total;
    }

    public async Task<long> OneAsync(Func<Task<long>> statement, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        // Each statement is its own transaction and finds its rows again, so one lost to a conflict with the group
        // commit runs again.
        var result = await TransactionConflicts.RetryAsync(statement);
        var rest = clock.GetElapsedTime(started) * ((1 - options.WorkingShare) / options.WorkingShare);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, clock, ct);
        }
        return result;
    }
}
