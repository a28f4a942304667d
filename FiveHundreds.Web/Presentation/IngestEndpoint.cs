using Microsoft.Extensions.Options;

namespace FiveHundreds.Web.Presentation;

// Bound from "Ingest". PublicUrl is the address SDKs should post to when it differs from the one the
// dashboard itself reaches the ingest at (a reverse proxy, a public host name).
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    public string? PublicUrl { get; set; }
}

// The ingest URL shown in set-up snippets: the configured public URL, else the service-discovery address
// Aspire (or services__ingest__http__0 when run standalone) gives this app, preferring https.
public sealed class IngestEndpoint(IOptions<IngestOptions> options, IConfiguration configuration)
{
    public string Url =>
        (options.Value.PublicUrl
            ?? configuration["services:ingest:https:0"]
            ?? configuration["services:ingest:http:0"]
            ?? "https://your-fivehundreds-ingest").TrimEnd('/');
}
