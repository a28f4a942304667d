using Microsoft.Extensions.Options;

namespace FiveHundreds.Web.Presentation;

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
