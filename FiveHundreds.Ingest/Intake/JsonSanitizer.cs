using System.Text;
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

    // Where the copy is, as property names and array indexes. It is spelled out only for a note: formatting
    // the path of every value of every event allocated more than the copy itself.
    private readonly List<(string? Name, int Index)> _path = [];

    public List<string> Notes { get; } = [];

    public JsonNode? Copy(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => CopyObject(element),
        JsonValueKind.Array => CopyArray(element),
        JsonValueKind.String => JsonValue.Create(Clean(element.GetString()!, maxStringLength)),
        JsonValueKind.Number => CopyNumber(element),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        _ => null,
    };

    private JsonObject CopyObject(JsonElement element)
    {
        var copy = new JsonObject();
        foreach (var property in element.EnumerateObject())
        {
            var name = Clean(property.Name, MaxNameLength);
            // A repeated name: the last one wins, as in most JSON readers.
            _path.Add((name, 0));
            copy[name] = Copy(property.Value);
            _path.RemoveAt(_path.Count - 1);
        }
        return copy;
    }

    private JsonArray CopyArray(JsonElement element)
    {
        var copy = new JsonArray();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            _path.Add((null, index++));
            copy.Add(Copy(item));
            _path.RemoveAt(_path.Count - 1);
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

    private string Clean(string text, int maxLength)
    {
        if (text.Contains('\0'))
        {
            text = text.Replace('\0', Replacement);
        }
        if (text.Length > maxLength)
        {
            Note($"{CurrentPath()}: string cut from {text.Length} to {maxLength} characters");
            text = text[..maxLength];
            if (char.IsHighSurrogate(text[^1]))
            {
                text = text[..^1];
            }
        }
        return text;
    }

    // "exception.values[0].value", or "(root)" for the body itself.
    private string CurrentPath()
    {
        if (_path.Count == 0)
        {
            return "(root)";
        }
        var path = new StringBuilder();
        foreach (var (name, index) in _path)
        {
            if (name is null)
            {
                path.Append('[').Append(index).Append(']');
            }
            else
            {
                path.Append(path.Length == 0 ? "" : ".").Append(name);
            }
        }
        return path.ToString();
    }

    public void Note(string note)
    {
        if (Notes.Count < maxNotes)
        {
            Notes.Add(note);
        }
    }
}
