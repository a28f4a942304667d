using System.Text;
using System.Text.Json.Nodes;

namespace FiveHundreds.Tests.Ingest;

// Bodies of about 1 MiB built to cost the intake as much as possible for their size: millions of tiny values
// where the event allows a few, every cap approached from a different field. The intake's tests and its
// benchmark both send them next to NormalEvent, an ordinary event of the same size.
public static class PathologicalBodies
{
    public const int Size = 1000 * 1024;

    public static IReadOnlyList<(string Name, string Json)> All { get; } =
    [
        ("exception as a bare array of zeros", Repeat("""{"exception":[""", "0", "]}")),
        ("exception values of empty objects", Repeat("""{"exception":{"values":[""", "{}", "]}}")),
        ("frames of empty objects", Repeat("""{"exception":{"values":[{"type":"E","stacktrace":{"frames":[""", "{}", "]}}]}}")),
        ("library frames with one app frame at the end", Repeat("""{"exception":{"values":[{"type":"E","stacktrace":{"frames":[""", """{"in_app":false}""", """,{"function":"f","in_app":true}]}}]}}""")),
        ("pre_context of empty lines", Repeat("""{"exception":{"values":[{"type":"E","stacktrace":{"frames":[{"function":"f","pre_context":[""", "\"\"", "]}]}}]}}")),
        ("breadcrumbs", Repeat("""{"message":"m","breadcrumbs":{"values":[""", """{"message":"b"}""", "]}}")),
        ("header pairs", Repeat("""{"message":"m","request":{"headers":[""", """["a","b"]""", "]}}")),
        ("tags", RepeatNamed("""{"message":"m","tags":{""", "\"t{0}\":\"v\"", "}}")),
        ("keys in an unknown field", RepeatNamed("""{"message":"m","extra":{""", "\"k{0}\":0", "}}")),
        ("zeros in an unknown field", Repeat("""{"message":"m","extra":[""", "0", "]}")),
        ("small arrays in an unknown field", Repeat("""{"message":"m","extra":[""", "[0]", "]}")),
        ("nested arrays in an unknown field", Repeat("""{"message":"m","extra":[""", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "]}")),
        // Most bodies above are refused before they are parsed, for holding far more names and values than an
        // event keeps (twice the default MaxNodes, 100,000). This one stays just under that and is parsed.
        ("values just under the refusal limit", JustUnderTheLimit()),
    ];

    private static string JustUnderTheLimit()
    {
        var values = string.Join(',', Enumerable.Repeat("0", 99_000));
        return $$"""{"message":"m","extra":[{{values}}],"pad":"{{new string('p', Size - values.Length - 64)}}"}""";
    }

    // An ordinary event of the same size: a long stacktrace with source context and a large message.
    public static string NormalEvent()
    {
        var line = new string('x', 120);
        var frames = Enumerable.Range(0, 250).Select(i =>
        {
            var frame = EventSamples.Frame($"app/module{i}.py", $"function{i}", i + 1, inApp: i % 3 == 0);
            frame["pre_context"] = new JsonArray([.. Enumerable.Range(0, 5).Select(j => (JsonNode)JsonValue.Create($"{j} {line}"))]);
            frame["post_context"] = new JsonArray([.. Enumerable.Range(0, 5).Select(j => (JsonNode)JsonValue.Create($"{j} {line}"))]);
            frame["context_line"] = line;
            return frame;
        }).ToArray();
        var body = EventSamples.Event(EventSamples.Exception("RuntimeError", "a normal but large event", frames));
        var size = Encoding.UTF8.GetByteCount(body.Json());
        body["message"] = new string('m', Math.Max(0, Size - size - 100) % (16 * 1024));
        body["extra_text"] = new JsonArray([.. Enumerable.Range(0, Math.Max(0, Size - size - 100) / (16 * 1024)).Select(_ => (JsonNode)JsonValue.Create(new string('e', 16 * 1024 - 10)))]);
        return body.Json();
    }

    private static string Repeat(string prefix, string item, string suffix) => Build(prefix, _ => item, suffix);

    private static string RepeatNamed(string prefix, string item, string suffix) => Build(prefix, i => string.Format(item, i), suffix);

    private static string Build(string prefix, Func<int, string> item, string suffix)
    {
        var text = new StringBuilder(prefix, Size);
        for (var i = 0; text.Length + suffix.Length + 64 < Size; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(item(i));
        }
        return text.Append(suffix).ToString();
    }
}
