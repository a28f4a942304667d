using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FiveHundreds.Ingest.Intake;

// The one pass over an intake body: it copies the parsed body into a mutable tree that PostgreSQL's JSONB will
// always accept (NUL characters replaced, over-long strings and names cut, numbers JSONB cannot hold kept as
// text) and applies every size cap while it copies, so that no part beyond a cap is ever built. Cutting after
// the copy cost time and memory in proportion to what was cut: a 1 MiB body of a million tiny values became
// a tree of tens of megabytes, and trimming it one element at a time took quadratic time.
// Every cut is noted so the stored event says what was shortened.
public sealed class JsonSanitizer(IntakeOptions options)
{
    private const int MaxNameLength = 256;
    private const int MaxNotes = 20;
    private const char Replacement = '\uFFFD';

    // Where the copy is, as property names and array indexes. It is spelled out only for a note: formatting
    // the path of every value of every event allocated more than the copy itself.
    private readonly List<(string? Name, int Index)> _path = [];

    private int _nodesLeft = options.MaxNodes;
    private int _lastFramesOmitted;

    public List<string> Notes { get; } = [];

    private static readonly SearchValues<byte> Structure = SearchValues.Create("\",:[{"u8);
    private static readonly SearchValues<byte> StringEnd = SearchValues.Create("\"\\"u8);

    // Parses and copies a whole body, which must be one JSON object.
    public JsonObject ReadObject(ReadOnlyMemory<byte> body)
    {
        // Parsing costs per name and value, and a body of a million tiny values costs many times an ordinary event
        // of the same size. Counting them first is a fraction of that cost; a body with far more of them than an
        // event keeps is refused before it is parsed.
        var maxTokens = 2L * options.MaxNodes;
        if (CountTokens(body.Span) > maxTokens)
        {
            throw new EventValidationException("(body)",
                $"The body holds more than {maxTokens} names and values; an event keeps at most {options.MaxNodes} values.");
        }
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = options.MaxJsonDepth });
            return Copy(document.RootElement) as JsonObject
                ?? throw new EventValidationException("(body)", "The body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new EventValidationException("(body)", ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"The JSON is nested deeper than {options.MaxJsonDepth} levels."
                : $"The body is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            throw new EventValidationException("(body)", "The body contains a string that is not valid UTF-8, or a lone surrogate escape.");
        }
    }

    // Commas, colons and opening brackets outside strings: about one per name and one per value. Strings are
    // skipped at vector speed.
    internal static int CountTokens(ReadOnlySpan<byte> json)
    {
        var count = 0;
        var inString = false;
        var i = 0;
        while (i < json.Length)
        {
            var next = json[i..].IndexOfAny(inString ? StringEnd : Structure);
            if (next < 0)
            {
                break;
            }
            i += next;
            switch (json[i])
            {
                case (byte)'\\':
                    // An escape inside a string: the next byte is never its end.
                    i += 2;
                    continue;
                case (byte)'"':
                    inString = !inString;
                    break;
                default:
                    count++;
                    break;
            }
            i++;
        }
        return count;
    }

    private JsonNode? Copy(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => CopyObject(element),
        JsonValueKind.Array => CopyArray(element),
        JsonValueKind.String => JsonValue.Create(Clean(element.GetString()!, options.MaxStringLength)),
        JsonValueKind.Number => CopyNumber(element),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        _ => null,
    };

    private JsonObject CopyObject(JsonElement element)
    {
        var maxKeys = KeyCap();
        var copy = new JsonObject();
        var omitted = 0;
        var framesOmitted = 0;
        foreach (var property in element.EnumerateObject())
        {
            // Past the cap no name is even read: a body of a hundred thousand keys costs no string for each.
            if (copy.Count >= maxKeys || !TakeNode())
            {
                omitted++;
                continue;
            }
            // A repeated name: the last one wins, as in most JSON readers.
            var name = Clean(property.Name, MaxNameLength);
            _path.Add((name, 0));
            _lastFramesOmitted = 0;
            copy[name] = Copy(property.Value);
            if (name == "frames" && IsFrames())
            {
                framesOmitted = _lastFramesOmitted;
            }
            _path.RemoveAt(_path.Count - 1);
        }
        if (framesOmitted > 0)
        {
            copy["frames_omitted"] = framesOmitted;
        }
        if (omitted > 0)
        {
            NoteAt(path => $"{path}: {omitted} of {copy.Count + omitted} keys omitted");
        }
        return copy;
    }

    private JsonArray CopyArray(JsonElement element)
    {
        var count = element.GetArrayLength();
        var keep = ItemsToKeep(element, count);
        var copy = new JsonArray();
        var index = 0;
        var omitted = 0;
        foreach (var item in element.EnumerateArray())
        {
            var kept = keep(index) && TakeNode();
            if (kept)
            {
                _path.Add((null, index));
                copy.Add(Copy(item));
                _path.RemoveAt(_path.Count - 1);
            }
            else
            {
                omitted++;
            }
            index++;
        }
        if (omitted > 0)
        {
            var what = IsFrames() ? "frames" : "items";
            NoteAt(path => $"{path}: {omitted} of {count} {what} omitted");
            if (IsFrames())
            {
                _lastFramesOmitted = omitted;
            }
        }
        return copy;
    }

    // Which items of an array the copy keeps, by the meaning of the array in an event. Lists where the last
    // items matter most (the chain ends with the exception raised last, breadcrumbs and pre-context end at
    // the error) keep their end; a stacktrace keeps its app frames; any other list keeps its start.
    private Func<int, bool> ItemsToKeep(JsonElement array, int count)
    {
        var (max, keepEnd) = ArrayCap();
        if (count <= max)
        {
            return _ => true;
        }
        if (IsFrames())
        {
            var inApp = array.EnumerateArray().Select(IsAppFrame).ToList();
            var kept = new HashSet<int>(FramesToKeep(inApp, max));
            return kept.Contains;
        }
        return keepEnd ? i => i >= count - max : i => i < max;
    }

    private (int Max, bool KeepEnd) ArrayCap()
    {
        if (PathIs("exception") || PathIs("exception", "values"))
        {
            return (options.MaxChainLength, true);
        }
        if (IsFrames())
        {
            return (options.MaxFrames, false);
        }
        if (PathIs("breadcrumbs") || PathIs("breadcrumbs", "values"))
        {
            return (options.MaxBreadcrumbs, true);
        }
        if (IsInFrame("pre_context") || IsInFrame("post_context"))
        {
            return (options.MaxContextLines, PathEndsWith("pre_context"));
        }
        // Headers, environment variables and tags may come as [name, value] pairs.
        return (MapCap() ?? options.MaxArrayItems, false);
    }

    private int KeyCap() => MapCap() ?? options.MaxKeysPerObject;

    // The event's maps of names to strings, capped by their own limits.
    private int? MapCap() =>
        PathIs("request", "headers") ? options.MaxHeaders
        : PathIs("environment") ? options.MaxEnvironmentEntries
        : PathIs("tags") ? options.MaxTags
        : null;

    private bool IsFrames() => PathEndsWith("stacktrace", "frames");

    // pre_context and post_context of one frame: "...frames", [i], "pre_context".
    private bool IsInFrame(string name) =>
        _path.Count >= 3 && _path[^1].Name == name && _path[^2].Name is null && _path[^3].Name == "frames";

    private bool PathIs(params ReadOnlySpan<string> names) => _path.Count == names.Length && PathEndsWith(names);

    private bool PathEndsWith(params ReadOnlySpan<string> names)
    {
        if (_path.Count < names.Length)
        {
            return false;
        }
        for (var i = 0; i < names.Length; i++)
        {
            if (_path[_path.Count - names.Length + i].Name != names[i])
            {
                return false;
            }
        }
        return true;
    }

    // A frame that says nothing of itself counts as the app's, as the parser will classify it.
    private static bool IsAppFrame(JsonElement frame)
    {
        if (frame.ValueKind != JsonValueKind.Object)
        {
            return true;
        }
        if (frame.TryGetProperty("in_app"u8, out var inApp) && inApp.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return inApp.GetBoolean();
        }
        return !FrameClassifier.IsLibraryFrame(Text(frame, "filename"u8), Text(frame, "abs_path"u8), Text(frame, "module"u8), Text(frame, "function"u8));
    }

    private static string? Text(JsonElement obj, ReadOnlySpan<byte> name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Which frames of an over-long stacktrace to keep, in their order: the app frames first (they decide the
    // grouping and are what a developer reads), then library frames from both ends, the outermost calls and
    // those nearest the throw.
    internal static List<int> FramesToKeep(IReadOnlyList<bool> inApp, int max)
    {
        var app = Enumerable.Range(0, inApp.Count).Where(i => inApp[i]).ToList();
        if (app.Count >= max)
        {
            return [.. app.Take(max / 2).Concat(app.Skip(app.Count - (max - max / 2)))];
        }
        var keep = new SortedSet<int>(app);
        var budget = max - app.Count;
        var library = Enumerable.Range(0, inApp.Count).Where(i => !inApp[i]).ToList();
        foreach (var i in library.Take(budget / 2).Concat(library.Skip(library.Count - (budget - budget / 2))))
        {
            keep.Add(i);
        }
        return [.. keep];
    }

    // Every node counts against one budget per event, so that no shape of body (many small arrays, many small
    // objects) builds a tree larger than the budget allows.
    private bool TakeNode()
    {
        if (_nodesLeft > 0)
        {
            _nodesLeft--;
            return true;
        }
        if (_nodesLeft == 0)
        {
            _nodesLeft = -1;
            NoteAt(path => $"{path}: the event holds more than {options.MaxNodes} values; the rest were omitted");
        }
        return false;
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
            var length = text.Length;
            NoteAt(path => $"{path}: string cut from {length} to {maxLength} characters");
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

    // The note's text is built only while there is room for it.
    private void NoteAt(Func<string, string> note)
    {
        if (Notes.Count < MaxNotes)
        {
            Notes.Add(note(CurrentPath()));
        }
    }
}
