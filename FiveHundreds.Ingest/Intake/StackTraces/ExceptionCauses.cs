namespace FiveHundreds.Ingest.Intake.StackTraces;

// An exception that a stack trace's text prints as the cause of the one reported, with its own frames.
public sealed record TextCause(string Type, string? Value, IReadOnlyList<TextFrame> Frames);

// The causes a stack trace's text prints besides the exception reported, deepest first: the order of a native
// event's chain, which ends with the exception raised last. .NET prints each inner exception's type and message
// on a line of its own after " ---> ", then their frames, innermost first, each closed by "--- End of inner
// exception stack trace ---"; the JVM prints
// "Caused by:" blocks after the reported exception's frames; Python prints the cause's traceback first, then
// "The above exception was the direct cause of the following exception:" (or "During handling of the above
// exception, another exception occurred:") and the next one. Other formats print no causes.
public static class ExceptionCauses
{
    private const string DotnetInner = " ---> ";
    private const string DotnetEndOfInner = "--- End of inner exception stack trace ---";
    private const string JavaCausedBy = "Caused by: ";

    private static readonly string[] PythonSeparators =
    [
        "The above exception was the direct cause of the following exception:",
        "During handling of the above exception, another exception occurred:",
    ];

    private static readonly DotnetStackTraceParser Dotnet = new();
    private static readonly JavaStackTraceParser Java = new();
    private static readonly PythonStackTraceParser Python = new();

    // The text is cut as StackTraceText cuts it; the intake's cap on a chain's length applies to the event after.
    public static IReadOnlyList<TextCause> Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        text = text.Length > StackTraceText.MaxParsedLength ? text[..StackTraceText.MaxParsedLength] : text;
        return text.Contains(PythonSeparators[0], StringComparison.Ordinal) || text.Contains(PythonSeparators[1], StringComparison.Ordinal)
            ? FromPython(text)
            : text.Contains("\n" + JavaCausedBy, StringComparison.Ordinal) ? FromJava(text)
            : text.Contains(DotnetEndOfInner, StringComparison.Ordinal) ? FromDotnet(text)
            : [];
    }

    // "Outer: message", " ---> Inner: message", " ---> Innermost: message", then the innermost's frames, an end
    // line, the next inner's frames, ..., and last the outer exception's own. (.NET Framework wrote the inner
    // headers on the first line.)
    private static List<TextCause> FromDotnet(string text)
    {
        var lines = text.Split('\n');
        var headers = lines[0].Split(DotnetInner).Concat(lines.Skip(1).Where(l => l.StartsWith(DotnetInner, StringComparison.Ordinal)).Select(l => l[DotnetInner.Length..])).ToList();
        var parts = text.Split(DotnetEndOfInner);
        if (headers.Count < 2 || parts.Length != headers.Count)
        {
            return [];
        }
        var causes = new List<TextCause>();
        for (var depth = headers.Count - 1; depth >= 1; depth--)
        {
            var frames = Dotnet.Parse(parts[headers.Count - 1 - depth]);
            causes.Add(Cause(headers[depth], frames));
        }
        return causes;
    }

    // The reported exception's block, then one "Caused by:" block per cause, each deeper than the one before.
    private static List<TextCause> FromJava(string text)
    {
        var blocks = text.Split("\n" + JavaCausedBy);
        var causes = new List<TextCause>();
        for (var i = blocks.Length - 1; i >= 1; i--)
        {
            var lines = blocks[i].Split('\n', 2);
            causes.Add(Cause(lines[0], lines.Length > 1 ? Java.Parse(lines[1]) : []));
        }
        return causes;
    }

    // Each traceback ends with its exception's "Type: message" line; the last one is the exception reported.
    private static List<TextCause> FromPython(string text)
    {
        var blocks = text.Split(PythonSeparators, StringSplitOptions.None);
        var causes = new List<TextCause>();
        foreach (var block in blocks[..^1])
        {
            var last = block.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
            if (last is not null)
            {
                causes.Add(Cause(last, Python.Parse(block)));
            }
        }
        return causes;
    }

    // "Type: message" or a bare type.
    private static TextCause Cause(string header, IReadOnlyList<TextFrame> frames)
    {
        header = header.Trim();
        var colon = header.IndexOf(": ", StringComparison.Ordinal);
        var type = colon > 0 ? header[..colon] : header;
        var value = colon > 0 ? header[(colon + 2)..] : null;
        return new TextCause(type.Length is > 0 and <= 200 && !type.Contains(' ') ? type : "Error", value, frames);
    }
}
