using System.Diagnostics;
using Npgsql;

namespace FiveHundreds.Tests.Infrastructure;

// A second session of the ingest's database, in a transaction, that takes the locks a test chooses, to make a
// deadlock with the ingest's own work for real. PostgreSQL breaks one by rolling back the waiter that looks for it
// first, each looking deadlock_timeout after it began to wait: the ingest's sessions look after 3 s (the cycle
// surely exists by then, even on a loaded machine), this one after 60 s, so the ingest's statement is the one
// rolled back. Disposing restores the server's setting.
public sealed class DeadlockSession : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;

    private DeadlockSession(NpgsqlConnection connection) => _connection = connection;

    public static async Task<DeadlockSession> OpenAsync(IngestFixture ingest)
    {
        var session = new DeadlockSession(new NpgsqlConnection(ingest.Postgres.ConnectionString(IngestFixture.DatabaseName)));
        await session._connection.OpenAsync();
        await session.ExecuteAsync("ALTER SYSTEM SET deadlock_timeout = '3s'");
        await session.ExecuteAsync("SELECT pg_reload_conf()");
        await session.ExecuteAsync("SET deadlock_timeout = '60s'");
        session._transaction = await session._connection.BeginTransactionAsync();
        return session;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        await command.ExecuteNonQueryAsync();
    }

    // Until some session waits for a lock: the ingest's, for one this session holds.
    public async Task WaitUntilAnotherWaitsAsync(IngestFixture ingest)
    {
        var waited = Stopwatch.StartNew();
        while (await ingest.QueryScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "Nothing ever waited for the locks this session holds.");
            await Task.Delay(20);
        }
    }

    public Task CommitAsync() => _transaction!.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
        await ExecuteAsync("ALTER SYSTEM RESET deadlock_timeout");
        await ExecuteAsync("SELECT pg_reload_conf()");
        await _connection.DisposeAsync();
    }
}
