using System.Collections.Frozen;
using System.Text.Json;

namespace FiveHundreds.TriageApi.Contracts;

// The one spelling of every enum value outside .NET: in JSON, in query strings, in the database and in the text
// the MCP tools write and read. "in_progress", never "InProgress" or "inprogress".
public static class WireWords
{
    public static JsonNamingPolicy Policy { get; } = JsonNamingPolicy.SnakeCaseLower;

    public static string Of<T>(T value) where T : struct, Enum => Words<T>.ByValue[value];

    // Every value's word, in declaration order.
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Words<T>.InOrder;

    // Only the exact words (any case) parse: no numbers, no comma-joined flags, no spelling without the underscore.
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum =>
        Words<T>.ByWord.TryGetValue(text?.Trim() ?? "", out value);

    public static T Parse<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(T).Name}: expected one of {string.Join(", ", All<T>())}.");

    // Worked out once per enum, not per call: the intake writes a level with every event.
    private static class Words<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Policy.ConvertName(v.ToString()));

        public static readonly FrozenDictionary<string, T> ByWord =
            ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

        public static readonly IReadOnlyList<string> InOrder = [.. Enum.GetValues<T>().Select(v => ByValue[v])];
    }
}
