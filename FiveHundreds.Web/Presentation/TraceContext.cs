using System.Text.Json;

namespace FiveHundreds.Web.Presentation;

// The distributed trace an event happened in, as OpenTelemetry (and Sentry) events carry it in
// contexts.trace: its trace and span ids, to look the request up in a tracing tool.
public static class TraceContext
{
    private static readonly string[] Fields = ["trace_id", "span_id"];

    public static IReadOnlyDictionary<string, string>? From(JsonElement? extra)
    {
        if (extra is not { ValueKind: JsonValueKind.Object } root
            || !root.TryGetProperty("contexts", out var contexts) || contexts.ValueKind != JsonValueKind.Object
            || !contexts.TryGetProperty("trace", out var trace) || trace.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var ids = new Dictionary<string, string>();
        foreach (var field in Fields)
        {
            if (trace.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } id)
            {
                ids[field] = id;
            }
        }
        return ids.Count == 0 ? null : ids;
    }
}
