using System.Diagnostics.CodeAnalysis;

namespace FiveHundreds.Rendering.Markdown;

// Event text in Markdown, quoted so that it shows as written and cannot end its quote: a code span or fenced
// block whose fence is longer than any run of backticks inside it. Whatever the text holds (a closing fence, a
// heading, HTML), the Markdown around it reads it as code, and so does a model reading the Markdown as text.
public static class MarkdownCode
{
    private static readonly char[] LineBreaks = ['\r', '\n', '\u000B', '\u000C', '\u0085', '\u2028', '\u2029'];

    // A field meant to be one line (a title, a file name, a tag value) with every line break made a space: a line
    // break in it could otherwise start a line of its own, which Markdown reads as a new block.
    [return: NotNullIfNotNull(nameof(text))]
    public static string? OneLine(string? text) =>
        text is null || text.IndexOfAny(LineBreaks) < 0 ? text : string.Join(' ', text.Replace("\r\n", "\n").Split(LineBreaks));

    // An inline code span of one line; the spaces inside the fence keep a backtick at either end of the text apart
    // from the fence.
    public static string Span(string text)
    {
        var line = OneLine(text);
        if (line.Length == 0)
        {
            return "` `";
        }
        var fence = new string('`', LongestBacktickRun(line) + 1);
        return $"{fence} {line} {fence}";
    }

    // A fenced code block ending in a line break.
    public static string Block(string text, string info = "text")
    {
        var body = text.Replace("\r\n", "\n").Replace('\r', '\n').TrimEnd('\n');
        var fence = new string('`', Math.Max(3, LongestBacktickRun(body) + 1));
        return $"{fence}{info}\n{body}\n{fence}\n";
    }

    private static int LongestBacktickRun(string text)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }
}
