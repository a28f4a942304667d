namespace FiveHundreds.Sdk;

// Bound from the "FiveHundreds" configuration section, then from the AddFiveHundreds delegate.
public sealed class FiveHundredsOptions
{
    public const string SectionName = "FiveHundreds";

    // Base address of the ingest (e.g. https://ingest.example); events go to {Endpoint}/api/v1/events.
    // Without an endpoint or a key the SDK captures nothing and sends nothing.
    public Uri? Endpoint { get; set; }

    public string? Key { get; set; }

    // Defaults to "{entry assembly name}@{informational version}".
    public string? Release { get; set; }

    // Defaults to the machine name.
    public string? ServerName { get; set; }

    // Folder that frame file names are made relative to. Defaults to the nearest folder above the content
    // root (or the current folder) that holds .git or a solution file, else the content root itself.
    public string? SourceRoot { get; set; }

    // Header, variable, query and body field names to scrub on top of the intake's own list.
    public List<string> ScrubNames { get; set; } = [];

    // Assembly name prefixes whose frames count as app frames (or never do), beside the built-in rule.
    public List<string> InAppInclude { get; set; } = [];

    public List<string> InAppExclude { get; set; } = [];

    public int QueueCapacity { get; set; } = 100;

    // Events captured per second at most; past it an error only increments SkippedCount, at a cost of a few
    // nanoseconds, so a flood of errors does not slow the app down with captures the queue would drop anyway.
    // The default equals the ingest's default per-project limit (6000 a minute), which would refuse the rest.
    // 0 turns the limit off.
    public int MaxEventsPerSecond { get; set; } = 100;

    public int MaxRetries { get; set; } = 3;

    // First backoff after a 5xx or network error; doubled on each further attempt (with jitter).
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    // Longest time one attempt may take, so a server that never answers frees the worker.
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // How long shutdown may wait for queued events to be sent.
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(2);

    // Source lines sent before and after the line of each app frame.
    public int ContextLines { get; set; } = 3;

    public bool CaptureEnvironment { get; set; } = true;

    public bool CaptureRequestBody { get; set; } = true;

    public int MaxRequestBodyBytes { get; set; } = 8 * 1024;

    internal bool IsEnabled => Endpoint is not null && !string.IsNullOrWhiteSpace(Key);
}
