using System.Text.Json;
using System.Text.Json.Serialization;
using FiveHundreds.TriageApi.Contracts;
using ModelContextProtocol;

namespace FiveHundreds.Mcp.Tools;

// The JSON shape of tool schemas and structured results: the SDK's protocol options with the triage API's
// snake_case names and enum values, so the schema a client reads matches the content it receives.
public static class McpJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions);
        // The SDK's own enum converter (PascalCase values) comes first in its list and would win over ours.
        foreach (var converter in options.Converters.OfType<JsonStringEnumConverter>().ToList())
        {
            options.Converters.Remove(converter);
        }
        TriageJson.Configure(options);
        options.MakeReadOnly();
        return options;
    }
}
