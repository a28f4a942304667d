using FiveHundreds.Ingest.Intake;

namespace FiveHundreds.Ingest.Infrastructure.Entities;

public sealed class Project
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    // A small integer for places that want one, such as a Sentry-style DSN.
    public long Number { get; set; }

    public required string Name { get; set; }

    public required string Slug { get; set; }

    // SHA-256 of the ingest key; the key itself is shown once and never stored.
    public required byte[] KeyHash { get; set; }

    public required string KeyPrefix { get; set; }

    // The key of the project's Sentry DSN, 32 lowercase hex digits. Stored in plain text because Sentry SDKs
    // carry it in every app's configuration and it only allows sending events; rotated with the ingest key.
    public required string SentryKey { get; set; }

    // Null: the ingest's configured default.
    public int? RateLimitPerMinute { get; set; }

    // Null: the ingest's configured defaults (IntakeOptions.DefaultEventsPerDay, DefaultStoredBytesPerDay).
    public int? EventsPerDayQuota { get; set; }

    public long? StoredBytesPerDayQuota { get; set; }

    // Names scrubbed from this project's events besides the built-in ones, read like them: a name containing
    // one, case-insensitively and with '-' as '_', loses its value.
    public string[] ScrubNames { get; set; } = [];

    // False: client IP addresses (user.ip_address, X-Forwarded-For, REMOTE_ADDR, ...) are removed before storing.
    public bool StoreIpAddresses { get; set; } = true;

    // The web pages whose browser SDKs may send this project's events (BrowserOrigins); "*" for any.
    public List<string> AllowedOrigins { get; set; } = [.. BrowserOrigins.Default];

    // Days its events are kept; null: the configured default. Never more than the configured maximum.
    public int? RetentionDays { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
