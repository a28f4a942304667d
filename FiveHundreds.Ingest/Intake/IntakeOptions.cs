using System.ComponentModel.DataAnnotations;

namespace FiveHundreds.Ingest.Intake;

// Every bound must be at least 1, checked at start rather than found out when the first event arrives.
public sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    // Measured after decompression, so a small gzip bomb is cut off too.
    [Range(1, int.MaxValue)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    // The longest one request may take to send its whole body. Kestrel's minimum data rate (240 bytes/s) lets a
    // 1 MiB body trickle for over an hour while it holds its part of MaxBytesInFlight; an SDK on a slow mobile
    // network sends an event of a few hundred kilobytes in a few seconds.
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxBodyReadTime { get; set; } = TimeSpan.FromSeconds(20);

    [Range(1, int.MaxValue)]
    public int MaxJsonDepth { get; set; } = 64;

    [Range(1, int.MaxValue)]
    public int MaxStringLength { get; set; } = 16 * 1024;

    [Range(1, int.MaxValue)]
    public int MaxFrames { get; set; } = 250;

    [Range(1, int.MaxValue)]
    public int MaxChainLength { get; set; } = 20;

    // Lines of source before and after a frame's line (Sentry SDKs send 5).
    public int MaxContextLines { get; set; } = 25;

    // As Sentry keeps them: the most recent 100.
    public int MaxBreadcrumbs { get; set; } = 100;

    public int MaxHeaders { get; set; } = 100;

    public int MaxEnvironmentEntries { get; set; } = 200;

    public int MaxTags { get; set; } = 100;

    // Any other object or array: enough for every field an SDK sends, far from what a flood needs.
    public int MaxKeysPerObject { get; set; } = 250;

    public int MaxArrayItems { get; set; } = 1000;

    // Values in one event's tree, whatever its shape: bounds the memory of one request (about 100 bytes each).
    // A body with more than twice as many is refused before it is parsed (JsonSanitizer says why).
    public int MaxNodes { get; set; } = 50_000;

    // Events per minute per project unless the project sets its own.
    [Range(1, int.MaxValue)]
    public int DefaultRateLimitPerMinute { get; set; } = 6000;

    // Events per UTC day per project unless the project sets its own: a sixth of what the default rate limit
    // lets through in a day, so one steady flood cannot take a day's worth of storage unnoticed.
    [Range(1, int.MaxValue)]
    public int DefaultEventsPerDay { get; set; } = 1_000_000;

    // Bytes of stored events (their rows' size in PostgreSQL) per UTC day per project unless the project sets its own.
    [Range(1, long.MaxValue)]
    public long DefaultStoredBytesPerDay { get; set; } = 2L * 1024 * 1024 * 1024;

    // Bytes of request bodies all intake requests together may hold in memory; past it they are answered 503.
    public long MaxBytesInFlight { get; set; } = 64 * 1024 * 1024;

    // One project's part of MaxBytesInFlight, so that its senders (the key is public) cannot take it all.
    public long MaxBytesInFlightPerProject { get; set; } = 16 * 1024 * 1024;

    // Events of one project parsed at once: parsing is CPU work that one project's senders must not monopolise.
    public int MaxConcurrentParsesPerProject { get; set; } = 2;

    // Events waiting for their group commit, by number and by the memory their documents take.
    public int MaxQueuedEvents { get; set; } = 20_000;

    public long MaxQueuedBytes { get; set; } = 64 * 1024 * 1024;

    // How many events one database transaction commits at most (group commit).
    [Range(1, int.MaxValue)]
    public int MaxBatchSize { get; set; } = 256;

    public List<string> ExtraScrubbedNames { get; set; } = [];
}
