using System.ComponentModel.DataAnnotations;

namespace FiveHundreds.Ingest.Infrastructure;

// When the intake stops taking events so that PostgreSQL never runs into a full disk.
public sealed class StorageGuardOptions
{
    public const string SectionName = "StorageGuard";

    // Free bytes kept on the database's disk, where the ingest can see that disk (PostgreSQL on this machine).
    // Enough for PostgreSQL's own needs beside the last events (WAL, a vacuum, an index build).
    [Range(0, long.MaxValue)]
    public long MinFreeBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    // The largest the database may grow (pg_database_size); null for no cap. Where the disk cannot be seen
    // (a database on another host), this cap is the guard.
    [Range(1, long.MaxValue)]
    public long? MaxDatabaseBytes { get; set; }

    // How often the guard looks; never per request.
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
