using System.Text.Json;
using System.Text.Json.Nodes;

namespace FiveHundreds.Ingest.Intake;

// Copies a parsed body into a mutable tree that PostgreSQL's JSONB will always accept: NUL characters
// (which JSONB refuses) replaced, over-long strings and names cut, numbers JSONB cannot hold kept as text.
// Every cut is noted so the stored event says what was shortened.
public sealed class JsonSanitizer(int maxStringLength, int maxNotes = 20)
{
    private const int MaxNameLength = 256;
    private const char Replacement = '\uFFFD';

    public List<string> Notes { get; } = [];

    public JsonNode? Copy(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => CopyObject(element, path),
        JsonValueKind.Array => CopyArray(element, path),
        JsonValueKind.String => JsonValue.Create(Clean(element.GetString()!, maxStringLength, path)),
        JsonValueKind.Number => CopyNumber(element),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        _ => null,
    };

    private JsonObject CopyObject(JsonElement element, string path)
    {
        var copy = new JsonObject();
        foreach (var property in element.EnumerateObject())
        {
            var name = Clean(property.Name, MaxNameLength, path);
            // A repeated name: the last one wins, as in most JSON readers.
            copy[name] = Copy(property.Value, path.Length == 0 ? name : $"{path}.{name}");
        }
        return copy;
    }

    private JsonArray CopyArray(JsonElement element, string path)
    {
        var copy = new JsonArray();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            copy.Add(Copy(item, $"{path}[{index++}]"));
        }
        return copy;
    }

    private static JsonNode CopyNumber(JsonElement element)
    {
        if (element.TryGetInt64(out var whole))
        {
            return JsonValue.Create(whole);
        }
        // Infinite or absurdly precise numbers are kept as their text rather than refused.
        return element.TryGetDouble(out var real) && double.IsFinite(real)
            ? JsonValue.Create(real)
            : JsonValue.Create(element.GetRawText()[..Math.Min(64, element.GetRawText().Length)]);
    }

    private string Clean(string text, int maxLength, string path)
    {
        if (text.Contains('\0'))
        {
            text = text.Replace('\0', Replacement);
        }
        if (text.Length > maxLength)
        {
            Note($"{(path.Length == 0 ? "(root)" : path)}: string cut from {text.Length} to {maxLength} characters");
            text = text[..maxLength];
            if (char.IsHighSurrogate(text[^1]))
            {
                text = text[..^1];
            }
        }
        return text;
    }

    public void Note(string note)
    {
        if (Notes.Count < maxNotes)
        {
            Notes.Add(note);
        }
    }
}
