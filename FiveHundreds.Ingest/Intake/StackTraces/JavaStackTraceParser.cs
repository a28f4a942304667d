using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Intake.StackTraces;

// Throwable.printStackTrace() of the JVM: "\tat com.shop.Checkout.total(Checkout.java:42)", innermost first,
// possibly prefixed by a class loader and module ("java.base/java.lang.Thread.run"). The causes follow as
// "Caused by: ..." blocks; the frames before the first of them are those of the exception reported.
public sealed partial class JavaStackTraceParser : IStackTraceParser
{
    public IReadOnlyList<TextFrame> Parse(string text)
    {
        var frames = new List<TextFrame>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("Caused by:", StringComparison.Ordinal))
            {
                break;
            }
            var match = Frame().Match(line);
            if (match.Success)
            {
                frames.Add(new TextFrame(
                    AbsPath: match.Groups["file"].Success ? match.Groups["file"].Value : null,
                    Module: match.Groups["class"].Value,
                    Function: match.Groups["method"].Value,
                    Lineno: TextFrame.Number(match.Groups["line"].Value)));
            }
        }
        frames.Reverse();
        return frames;
    }

    [GeneratedRegex(@"^\s*at (?:[^\s/()]+/){0,2}(?<class>[^\s/()]+)\.(?<method>[^\s./()]+)\((?:(?<file>[^:()]+\.\w+)(?::(?<line>\d+))?|[^)]*)\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Frame();
}
