namespace FiveHundreds.Ingest.Intake;

// The database could not be reached or failed mid-write: nothing was acknowledged, the sender should retry.
public sealed class DatabaseUnavailableException(Exception inner)
    : Exception("The event store is unavailable; retry later.", inner);

// PostgreSQL refused this one event's data although it passed validation.
public sealed class EventRejectedException(string reason, Exception inner) : Exception(reason, inner);

// No key, or a key that belongs to no project: one answer for both, so keys cannot be probed.
public sealed class UnknownIngestKeyException(string message = UnknownIngestKeyException.NativeMessage) : Exception(message)
{
    public const string NativeMessage = "A valid project key is required in the X-Monolynx-Key header.";
    public const string SentryMessage =
        "A valid Sentry public key of this project is required (X-Sentry-Auth, the sentry_key parameter or the envelope's dsn).";
}

// A browser page whose origin the project does not list sent the event.
public sealed class OriginNotAllowedException(string origin)
    : Exception($"This project does not accept events from pages on {origin}; add the origin to its allowed origins.");

public sealed class PayloadTooLargeException(int maxBytes)
    : Exception($"The event is larger than {maxBytes} bytes (measured after decompression).");

// The sender took longer than the intake allows to send its body: what it held of the budget is given back.
public sealed class BodyReadTimeoutException(TimeSpan limit)
    : Exception($"The body was not received within {limit.TotalSeconds:0} seconds.");

public sealed class UnsupportedContentEncodingException(string encoding)
    : Exception($"Content-Encoding '{encoding}' is not supported; use gzip, deflate, br or none.");

public sealed class RateLimitExceededException(TimeSpan retryAfter)
    : Exception("This project sent more events this minute than its rate limit allows.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

// The project used up its events or stored bytes for the UTC day; it may send again when the day rolls.
public sealed class QuotaExceededException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

// The storage guard found the database's disk low or the database at its size cap: no event is taken until it
// has room again, so PostgreSQL is never run into a full disk.
public sealed class StorageFullException(string reason, TimeSpan retryAfter) : Exception(reason)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

// The intake holds as many bytes as its budget allows (bodies being read, events waiting for their commit):
// this request is refused rather than queued, so memory stays bounded and the sender retries shortly.
public sealed class IntakeOverloadedException()
    : Exception("The intake is at capacity; retry shortly.");
