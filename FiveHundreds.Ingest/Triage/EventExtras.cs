using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Triage;

// The parts of an event that SDKs send in Sentry's shapes and the intake keeps, as it received them, among the
// event's extra fields: the user, breadcrumbs, contexts and modules. Read into typed answers here, tolerant of
// every shape a hostile or old SDK may have sent: a part in a shape it does not know is left out, never an error.
public static class EventExtras
{
    public sealed record Parts(
        EventUserDto? User, IReadOnlyList<BreadcrumbDto>? Breadcrumbs,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Contexts, IReadOnlyDictionary<string, string>? Modules);

    public static Parts Read(string? extraJson)
    {
        if (extraJson is null || JsonNode.Parse(extraJson) is not JsonObject extra)
        {
            return new Parts(null, null, null, null);
        }
        return new Parts(User(extra["user"]), Breadcrumbs(extra["breadcrumbs"]), Contexts(extra["contexts"]), Flat(extra["modules"]));
    }

    private static EventUserDto? User(JsonNode? node) =>
        node is JsonObject user
        && new EventUserDto(Text(user["id"]), Text(user["username"]), Text(user["email"]), Text(user["ip_address"])) is var dto
        && dto != new EventUserDto(null, null, null, null)
            ? dto
            : null;

    // Sentry's envelope form is {"values": [...]}; the older store form is the bare list.
    private static List<BreadcrumbDto>? Breadcrumbs(JsonNode? node)
    {
        var values = node switch
        {
            JsonArray list => list,
            JsonObject { } wrapper when wrapper["values"] is JsonArray list => list,
            _ => null,
        };
        return values?.OfType<JsonObject>()
            .Select(b => new BreadcrumbDto(Timestamp(b["timestamp"]), Text(b["type"]), Text(b["category"]), Text(b["level"]),
                Text(b["message"]), Flat(b["data"])))
            .ToList();
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>>? Contexts(JsonNode? node) =>
        node is JsonObject contexts
            ? contexts.Where(c => c.Value is JsonObject)
                .ToDictionary(c => c.Key, c => (IReadOnlyDictionary<string, string>)Flat(c.Value)!, StringComparer.Ordinal)
            : null;

    // An object's fields as text: strings as they are, anything else as its compact JSON.
    private static Dictionary<string, string>? Flat(JsonNode? node) =>
        node is JsonObject fields
            ? fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => Text(f.Value)!, StringComparer.Ordinal)
            : null;

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    // Seconds since the epoch (what most SDKs send) or an ISO 8601 string.
    private static DateTimeOffset? Timestamp(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }
        if (value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var seconds)
            && seconds is > 0 and < 253402300799)
        {
            return DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(seconds * 1000));
        }
        return value.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : null;
    }
}
