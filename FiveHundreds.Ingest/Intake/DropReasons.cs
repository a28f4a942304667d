namespace FiveHundreds.Ingest.Intake;

// Why an intake request was refused, in the words the ingest meter and the per-project daily drop counts use.
public static class DropReasons
{
    public const string RateLimited = "rate_limited";
    public const string Quota = "quota";
    public const string TooLarge = "too_large";

    public static string Of(Exception exception) => exception switch
    {
        EventValidationException or EventRejectedException or UnsupportedContentEncodingException or BadHttpRequestException => "invalid",
        UnknownIngestKeyException => "unknown_key",
        OriginNotAllowedException => "origin_not_allowed",
        PayloadTooLargeException => TooLarge,
        RateLimitExceededException => RateLimited,
        QuotaExceededException => Quota,
        IntakeOverloadedException => "overloaded",
        StorageFullException => "storage_full",
        DatabaseUnavailableException or Npgsql.NpgsqlException or TimeoutException => "database_unavailable",
        _ => "error",
    };
}
