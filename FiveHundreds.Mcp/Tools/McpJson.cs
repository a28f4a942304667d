using System.Text.Json;
using FiveHundreds.TriageApi.Client;
using ModelContextProtocol;

namespace FiveHundreds.Mcp.Tools;

// The JSON shape of tool schemas and structured results: the SDK's protocol options with the triage API's
// snake_case names and enum values, so the schema a client reads matches the content it receives.
public static class McpJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = TriageJson.Configure(new JsonSerializerOptions(McpJsonUtilities.DefaultOptions));
        options.MakeReadOnly();
        return options;
    }
}
