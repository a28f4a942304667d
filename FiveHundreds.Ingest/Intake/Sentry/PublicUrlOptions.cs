namespace FiveHundreds.Ingest.Intake.Sentry;

// Ingest:PublicUrl, the address apps reach the ingest at, for the DSNs the triage API shows. Unset, the DSN is
// built from the address the triage request came to, which is right whenever callers and apps share a network.
public sealed class PublicUrlOptions
{
    public const string SectionName = "Ingest";

    public Uri? PublicUrl { get; set; }

    public string DsnFor(HttpRequest request, string sentryKey, long projectNumber) =>
        SentryDsn.Build(PublicUrl ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}"), sentryKey, projectNumber);
}
