using System.ComponentModel.DataAnnotations;
using FiveHundreds.TriageApi.Client;

namespace FiveHundreds.Mcp.Extensions;

public sealed class TriageApiOptions
{
    public const string SectionName = "TriageApi";

    // By default the ingest service through service discovery; TriageApi:BaseAddress points the server elsewhere.
    [Required]
    public Uri BaseAddress { get; set; } = TriageApiClientRegistration.ServiceAddress;
}
