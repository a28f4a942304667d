using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Intake.StackTraces;

// Exception.ToString() of .NET: "   at Shop.Checkout.Total(Cart cart) in /src/Shop/Checkout.cs:line 42",
// innermost call first. Inner exceptions come first, each closed by "--- End of inner exception stack trace ---";
// the frames after the last such line are those of the exception reported.
public sealed partial class DotnetStackTraceParser : IStackTraceParser
{
    private const string EndOfInner = "--- End of inner exception stack trace ---";

    public IReadOnlyList<TextFrame> Parse(string text)
    {
        var end = text.LastIndexOf(EndOfInner, StringComparison.Ordinal);
        var own = end < 0 ? text : text[(end + EndOfInner.Length)..];
        var frames = new List<TextFrame>();
        foreach (var line in own.Split('\n'))
        {
            var match = Frame().Match(line);
            if (!match.Success)
            {
                continue;
            }
            var name = match.Groups["name"].Value;
            var dot = name.LastIndexOf('.');
            frames.Add(new TextFrame(
                AbsPath: match.Groups["file"].Success ? match.Groups["file"].Value : null,
                Module: dot > 0 ? name[..dot] : null,
                Function: dot > 0 ? name[(dot + 1)..] : name,
                Lineno: TextFrame.Number(match.Groups["line"].Value)));
        }
        frames.Reverse();
        return frames;
    }

    // The method's own type arguments ("Map[T]") and its parameter list are not part of the name. A list that
    // reads "File.java:42" is a JVM frame, which has the same shape otherwise.
    [GeneratedRegex(@"^\s*at (?<name>[^(\s]+?)(?:\[[^\]]*\])?\((?![^)]*\.\w+:\d+\))(?<args>[^)]*)\)(?: in (?<file>.+?):line (?<line>\d+))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Frame();
}
