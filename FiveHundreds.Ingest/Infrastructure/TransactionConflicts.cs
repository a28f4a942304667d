using Npgsql;

namespace FiveHundreds.Ingest.Infrastructure;

// A transaction that PostgreSQL rolled back because it lost a race with another one (a deadlock, a serialization
// failure) did nothing and can run again as it was. The intake's group commit and the retention pass take the
// storage counters in different orders, so either may lose such a race; both run their transactions through here.
internal static class TransactionConflicts
{
    private const int Attempts = 3;

    // Runs the transaction until it commits, at most three times; retrying hears of each conflict it runs again after.
    public static async Task<T> RetryAsync<T>(Func<Task<T>> transaction, Action<PostgresException>? retrying = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transaction();
            }
            catch (PostgresException ex) when (attempt < Attempts && IsConflict(ex))
            {
                retrying?.Invoke(ex);
            }
        }
    }

    private static bool IsConflict(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;
}
