using System.Text.Json;
using System.Text.Json.Serialization;

namespace FiveHundreds.TriageApi.Contracts;

// The one JSON shape of every FiveHundreds API: snake_case names and snake_case enum values.
public static class TriageJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = WireWords.Policy;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(WireWords.Policy, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return options;
    }
}
