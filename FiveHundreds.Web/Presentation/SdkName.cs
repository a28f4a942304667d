using System.Text.Json;

namespace FiveHundreds.Web.Presentation;

// "sentry.javascript.browser 11.12.0": the SDK an event came from, as its name and version fields say.
public static class SdkName
{
    public static string? Of(JsonElement? sdk)
    {
        if (sdk is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }
        var name = Text(value, "name");
        var version = Text(value, "version");
        return name is null ? version : version is null ? name : $"{name} {version}";
    }

    private static string? Text(JsonElement sdk, string field) =>
        sdk.TryGetProperty(field, out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 } s ? s : null;
}
