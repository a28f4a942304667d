namespace FiveHundreds.Ingest.Intake.Sentry;

// Where a Sentry SDK puts its public key on a request: the X-Sentry-Auth header
// ("Sentry sentry_version=7, sentry_client=..., sentry_key=<key>"), else the sentry_key query parameter that
// browser SDKs use. The envelope header's dsn, the third place, needs the body and is read after it.
public static class SentryAuth
{
    public const string Header = "X-Sentry-Auth";
    public const string QueryParameter = "sentry_key";

    public static string? PublicKey(string? authHeader, string? queryKey)
    {
        if (!string.IsNullOrWhiteSpace(authHeader))
        {
            var fields = authHeader.Trim();
            if (fields.StartsWith("Sentry ", StringComparison.OrdinalIgnoreCase))
            {
                fields = fields["Sentry ".Length..];
            }
            foreach (var field in fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = field.IndexOf('=');
                if (equals > 0 && field[..equals].Trim().Equals(QueryParameter, StringComparison.OrdinalIgnoreCase))
                {
                    return field[(equals + 1)..].Trim();
                }
            }
        }
        return string.IsNullOrWhiteSpace(queryKey) ? null : queryKey.Trim();
    }
}
