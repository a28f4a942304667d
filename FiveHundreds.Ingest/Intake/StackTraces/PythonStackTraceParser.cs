using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Intake.StackTraces;

// traceback.format_exception() of Python: '  File "/srv/shop/views.py", line 42, in checkout' and the source line
// under it, outermost call first. Chained exceptions print their tracebacks one after another, the one raised
// last at the end: its frames are those after the last "Traceback" header.
public sealed partial class PythonStackTraceParser : IStackTraceParser
{
    private const string Header = "Traceback (most recent call last):";

    public IReadOnlyList<TextFrame> Parse(string text)
    {
        var start = text.LastIndexOf(Header, StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }
        var lines = text[(start + Header.Length)..].Split('\n');
        var frames = new List<TextFrame>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Frame().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }
            // The source line follows unless the file could not be read; Python 3.11+ may add a "^^^" marker line.
            var source = i + 1 < lines.Length && !Frame().IsMatch(lines[i + 1]) && lines[i + 1].StartsWith("    ", StringComparison.Ordinal)
                ? lines[i + 1].TrimEnd('\r')
                : null;
            frames.Add(new TextFrame(match.Groups["file"].Value, Module: null, match.Groups["function"].Value,
                TextFrame.Number(match.Groups["line"].Value), ContextLine: source));
        }
        return frames;
    }

    [GeneratedRegex(@"^\s*File ""(?<file>[^""]+)"", line (?<line>\d+), in (?<function>.+?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Frame();
}
