using FiveHundreds.Ingest.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FiveHundreds.Ingest.Retention;

// The events table's daily range partitions by received_at, created by the database function
// create_event_partitions (EventRetention migration). Daily rather than weekly: retention is set in days, so with
// daily partitions the longest-kept project's events go by dropping whole partitions no more than a day after
// their time; at the default 90 days that is about a hundred partitions, few enough for the planner, and at ten
// million events a day is about 110,000 rows, dropped in milliseconds instead of deleted row by row.
public sealed class EventPartitions(NpgsqlDataSource dataSource, IOptions<RetentionOptions> options, TimeProvider clock)
{
    // Any fixed number, the same in every replica: replicas that start together create the partitions one at a time.
    private const long CreationLockKey = 5_000_170_001;

    // Creating or dropping a partition locks the whole events table for a moment. Waiting at most this long for
    // that lock means a long query on events can delay intake by no more than this; the work is retried next run.
    private const string LockTimeout = "SET LOCAL lock_timeout = '500ms'";

    public sealed record Partition(string Name, DateTimeOffset From, DateTimeOffset To);

    // Today's partition and the configured days ahead; returns how many were missing.
    public async Task<int> CreateAheadAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var locking = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(@lock_key); {LockTimeout};", connection, transaction))
        {
            locking.Parameters.AddWithValue("lock_key", CreationLockKey);
            await locking.ExecuteNonQueryAsync(ct);
        }
        await using var command = new NpgsqlCommand("SELECT create_event_partitions(@first_day, @last_day)", connection, transaction);
        command.Parameters.AddWithValue("first_day", today);
        command.Parameters.AddWithValue("last_day", today.AddDays(options.Value.PartitionDaysAhead));
        var created = (int)(await command.ExecuteScalarAsync(ct))!;
        await transaction.CommitAsync(ct);
        return created;
    }

    // The attached partitions, oldest first, with the bounds PostgreSQL holds for them.
    public async Task<IReadOnlyList<Partition>> ListAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT p.name, p.bounds[1]::timestamptz, p.bounds[2]::timestamptz
            FROM (
                SELECT c.oid::regclass::text AS name,
                       regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\) TO \(''([^'']+)''\)') AS bounds
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'events'::regclass
            ) p
            ORDER BY 2
            """);
        var partitions = new List<Partition>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            partitions.Add(new(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return partitions;
    }

    // Drops a partition and every event in it at once: no row-by-row delete, nothing left for vacuum. In the same
    // transaction its days come off the projects' storage counters, from their per-day counts, without reading it.
    public async Task DropAsync(Partition partition, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The name comes from the catalog as a regclass, already quoted where it must be.
        await using (var drop = new NpgsqlCommand($"{LockTimeout}; DROP TABLE {partition.Name};", connection, transaction))
        {
            await drop.ExecuteNonQueryAsync(ct);
        }
        await using (var forget = new NpgsqlCommand(StorageCounters.ForgetDroppedDays, connection, transaction))
        {
            forget.Parameters.AddWithValue("from_day", DateOnly.FromDateTime(partition.From.UtcDateTime));
            forget.Parameters.AddWithValue("to_day", DateOnly.FromDateTime(partition.To.UtcDateTime));
            await forget.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }
}
