using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Intake.StackTraces;

// Error.stack of V8 (Node.js, Chrome): "    at checkout (/app/server.js:10:11)" or "    at /app/server.js:20:3",
// and of Firefox and Safari: "checkout@https://shop.example/app.js:10:11"; innermost call first.
public sealed partial class JavaScriptStackTraceParser : IStackTraceParser
{
    public IReadOnlyList<TextFrame> Parse(string text)
    {
        var frames = new List<TextFrame>();
        foreach (var line in text.Split('\n'))
        {
            var match = V8Frame().Match(line);
            if (!match.Success)
            {
                match = GeckoFrame().Match(line);
            }
            if (!match.Success)
            {
                continue;
            }
            var function = match.Groups["function"].Value;
            if (function.StartsWith("async ", StringComparison.Ordinal))
            {
                function = function["async ".Length..];
            }
            var file = match.Groups["file"].Value;
            frames.Add(new TextFrame(
                AbsPath: file.StartsWith("file://", StringComparison.Ordinal) ? file["file://".Length..] : file,
                Module: null,
                Function: function.Length == 0 ? null : function,
                Lineno: TextFrame.Number(match.Groups["line"].Value),
                Colno: TextFrame.Number(match.Groups["column"].Value)));
        }
        frames.Reverse();
        return frames;
    }

    [GeneratedRegex(@"^\s*at (?:(?<function>.+?) \((?<file>.+?):(?<line>\d+):(?<column>\d+)\)|(?<file>.+?):(?<line>\d+):(?<column>\d+))\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex V8Frame();

    [GeneratedRegex(@"^(?<function>[^@\s]*)@(?<file>.+?):(?<line>\d+):(?<column>\d+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex GeckoFrame();
}
