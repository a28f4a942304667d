namespace FiveHundreds.Mcp.Extensions;

public sealed class TriageApiOptions
{
    public const string ConfigurationSection = "TriageApi";

    // Resolved by service discovery to the ingest service, which serves the triage API.
    public Uri BaseAddress { get; set; } = new("https+http://ingest");
}
