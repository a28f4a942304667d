using System.Text;
using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Intake;

// Secret-named pairs inside a text: query strings and form bodies (a=1&api_key=x), connection strings
// (Host=db;Password=...;), and the members of JSON kept as text, such as a cut-off request body. The name stays,
// the value goes.
internal static partial class SecretPairs
{
    // Every pair holds an equals sign, or a quoted name and its colon: one vectorised search each tells the
    // texts without any.
    public static string Scrub(string text, SecretScrubber scrubber)
    {
        text = text.Contains('=') ? ScrubAssignments(text, scrubber) : text;
        return text.Contains('"') && (text.Contains("\":", StringComparison.Ordinal) || text.Contains("\" :", StringComparison.Ordinal))
            ? JsonMember().Replace(text, m => scrubber.IsSecret(m.Groups["name"].ValueSpan) ? SecretPatterns.ReplaceGroup(m, "value") : m.Value)
            : text;
    }

    // One scan from '=' to '=': the name is read backwards from it, the value forwards.
    private static string ScrubAssignments(string text, SecretScrubber scrubber)
    {
        StringBuilder? scrubbed = null;
        var copied = 0;
        for (var equals = text.IndexOf('='); equals >= 0 && equals < text.Length; equals = text.IndexOf('=', equals + 1))
        {
            var nameEnd = equals;
            while (nameEnd > copied && text[nameEnd - 1] == ' ')
            {
                nameEnd--;
            }
            var nameStart = nameEnd;
            while (nameStart > copied && IsNameCharacter(text[nameStart - 1]))
            {
                nameStart--;
            }
            if (nameStart == nameEnd || !scrubber.IsSecret(text.AsSpan(nameStart, nameEnd - nameStart)))
            {
                continue;
            }
            var (valueStart, valueEnd) = ValueAfter(text, equals + 1);
            if (valueEnd == valueStart || IsFiltered(text.AsSpan(valueStart, valueEnd - valueStart)))
            {
                continue;
            }
            scrubbed ??= new StringBuilder(text.Length);
            scrubbed.Append(text, copied, valueStart - copied).Append(SecretScrubber.Filtered);
            copied = valueEnd;
            equals = valueEnd - 1;
        }
        return scrubbed is null ? text : scrubbed.Append(text, copied, text.Length - copied).ToString();
    }

    // A quoted value ends at its closing quote; a bare one at the next separator of query strings, connection
    // strings, lists and prose.
    private static (int Start, int End) ValueAfter(string text, int start)
    {
        while (start < text.Length && text[start] == ' ')
        {
            start++;
        }
        if (start < text.Length && text[start] is '"' or '\'')
        {
            var close = text.IndexOf(text[start], start + 1);
            return (start + 1, close < 0 ? text.Length : close);
        }
        var end = start;
        while (end < text.Length && !(char.IsWhiteSpace(text[end]) || text[end] is '&' or ';' or '#' or ',' or '"' or '\'' or '<' or '>'))
        {
            end++;
        }
        return (start, end);
    }

    // Filtered already, by an SDK: as it is, or URL-encoded in a query string.
    private static bool IsFiltered(ReadOnlySpan<char> value) =>
        value.SequenceEqual(SecretScrubber.Filtered) || value.Equals("%5BFiltered%5D", StringComparison.OrdinalIgnoreCase);

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '[' or ']';

    // "name": "value", the value possibly cut off before its closing quote.
    [GeneratedRegex(@"""(?<name>[^""\\]{1,256})""\s*:\s*""(?<value>(?:[^""\\]|\\.)*)", RegexOptions.CultureInvariant)]
    private static partial Regex JsonMember();
}
