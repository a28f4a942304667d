using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Intake.StackTraces;

// A goroutine trace of Go (a panic, runtime/debug.Stack(), which the OpenTelemetry Go SDK records): a function
// line "github.com/shop/cart.(*Cart).Total(...)" and under it "\t/src/cart/cart.go:42 +0x1d", innermost first.
// Only the first goroutine is read: it is the one that failed.
public sealed partial class GoStackTraceParser : IStackTraceParser
{
    public IReadOnlyList<TextFrame> Parse(string text)
    {
        var lines = text.Split('\n');
        var frames = new List<TextFrame>();
        var goroutines = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("goroutine ", StringComparison.Ordinal) && ++goroutines > 1)
            {
                break;
            }
            var function = Function().Match(lines[i]);
            var location = i + 1 < lines.Length ? Location().Match(lines[i + 1]) : Match.Empty;
            if (!function.Success || !location.Success)
            {
                continue;
            }
            // The package is the path up to the first dot after its last slash: "github.com/shop/cart" of
            // "github.com/shop/cart.(*Cart).Total".
            var name = function.Groups["name"].Value;
            var slash = name.LastIndexOf('/');
            var dot = name.IndexOf('.', slash + 1);
            frames.Add(new TextFrame(location.Groups["file"].Value,
                Module: dot > 0 ? name[..dot] : null,
                Function: dot > 0 ? name[(dot + 1)..] : name,
                Lineno: TextFrame.Number(location.Groups["line"].Value)));
            i++;
        }
        frames.Reverse();
        return frames;
    }

    [GeneratedRegex(@"^(?:created by )?(?<name>[^\s(][^\s]*?)(?:\((?:[^)]*)\))?(?: in goroutine \d+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Function();

    [GeneratedRegex(@"^\t(?<file>.+?):(?<line>\d+)(?: \+0x[0-9a-f]+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Location();
}
