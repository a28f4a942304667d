namespace FiveHundreds.Web.Presentation;

// Bound from "Ingest". PublicUrl is the address SDKs should post to when it differs from the one the
// dashboard itself reaches the ingest at (a reverse proxy, a public host name).
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    public string? PublicUrl { get; set; }
}
