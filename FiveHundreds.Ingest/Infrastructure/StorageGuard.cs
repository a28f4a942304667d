using FiveHundreds.Ingest.Alerts;
using FiveHundreds.Ingest.Intake;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FiveHundreds.Ingest.Infrastructure;

// Looks at the database's size and, where it can see it, the free space of the database's disk, every few
// seconds (never per request), and makes the intake refuse new events while either is past its bound: a full
// disk stops PostgreSQL, and with it every project's intake and the dashboard. While refusing, /health says
// degraded and the projects' storage-full alert rules are told (StorageAlerts). Every replica runs its own guard.
public sealed class StorageGuard(
    NpgsqlDataSource dataSource, IOptions<StorageGuardOptions> options, StorageAlerts alerts, ILogger<StorageGuard> logger)
    : BackgroundService
{
    private string? _refusal;

    // Why the intake refuses events now; null while it takes them.
    public string? Refusal => Volatile.Read(ref _refusal);

    public void ThrowIfRefusing()
    {
        if (Refusal is { } reason)
        {
            throw new StorageFullException(reason, options.Value.CheckInterval);
        }
    }

    // The reason to refuse events, or null. freeBytes is null where the disk cannot be seen.
    public static string? Judge(long databaseBytes, long? freeBytes, StorageGuardOptions bounds)
    {
        if (freeBytes is { } free && free < bounds.MinFreeBytes)
        {
            return $"The database's disk has {Megabytes(free)} free, less than the {Megabytes(bounds.MinFreeBytes)} kept free: "
                   + "new events are refused until space is freed.";
        }
        if (bounds.MaxDatabaseBytes is { } cap && databaseBytes >= cap)
        {
            return $"The database takes {Megabytes(databaseBytes)}, at or past its cap of {Megabytes(cap)}: "
                   + "new events are refused until it is smaller or the cap is raised.";
        }
        return null;
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024 * 1024)} MiB";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval);
        try
        {
            do
            {
                await CheckAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task CheckAsync(CancellationToken ct)
    {
        try
        {
            var (databaseBytes, dataDirectory) = await MeasureAsync(ct);
            var refusal = Judge(databaseBytes, FreeBytesOf(dataDirectory), options.Value);
            var before = Interlocked.Exchange(ref _refusal, refusal);
            if (refusal is not null && before is null)
            {
                logger.LogError("Storage guard: {Reason}", refusal);
            }
            else if (refusal is null && before is not null)
            {
                logger.LogWarning("Storage guard: the database has room again; events are taken.");
            }
            if (refusal is not null)
            {
                // Asked at every check while refusing: a rule made meanwhile is told too, each rule at most once
                // per its quiet period.
                await alerts.RaiseAsync(ct);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // The last verdict stands: an absent database is answered by the intake's own 503s.
            logger.LogWarning(ex, "Storage guard could not measure the database.");
        }
    }

    // The data directory only where this process could look at it: PostgreSQL on this machine, and a role
    // allowed to read the setting.
    private async Task<(long DatabaseBytes, string? DataDirectory)> MeasureAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT pg_database_size(current_database()),
                   CASE WHEN pg_has_role('pg_read_all_settings', 'USAGE') THEN current_setting('data_directory') END
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.IsDBNull(1) || !DatabaseIsLocal() ? null : reader.GetString(1));
    }

    private bool DatabaseIsLocal()
    {
        var host = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Host ?? "";
        return host is "localhost" or "127.0.0.1" or "::1" || host.StartsWith('/');
    }

    private static long? FreeBytesOf(string? dataDirectory)
    {
        try
        {
            return dataDirectory is not null && Directory.Exists(dataDirectory) ? new DriveInfo(dataDirectory).AvailableFreeSpace : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A disk this process may not look at counts as one it cannot see: the size cap guards it.
            return null;
        }
    }
}
