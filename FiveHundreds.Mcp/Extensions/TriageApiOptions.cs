using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Mcp.Extensions;

public sealed class TriageApiOptions
{
    public const string ConfigurationSection = "TriageApi";

    // By default the ingest service through service discovery; TriageApi:BaseAddress points the server elsewhere.
    public Uri BaseAddress { get; set; } = TriageApiClientRegistration.ServiceAddress;
}
