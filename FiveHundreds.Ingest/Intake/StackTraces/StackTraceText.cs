namespace FiveHundreds.Ingest.Intake.StackTraces;

// Chooses the parser for a stack trace's text: the one of the sender's language (OpenTelemetry's
// telemetry.sdk.language) first, then every other, so that a trace forwarded from another runtime still parses.
public static class StackTraceText
{
    // At most this much of a trace is read: the frames that matter are near its start, and the intake keeps only
    // a few hundred of them anyway.
    public const int MaxParsedLength = 64 * 1024;

    private static readonly IStackTraceParser Dotnet = new DotnetStackTraceParser();
    private static readonly IStackTraceParser Java = new JavaStackTraceParser();
    private static readonly IStackTraceParser Python = new PythonStackTraceParser();
    private static readonly IStackTraceParser JavaScript = new JavaScriptStackTraceParser();
    private static readonly IStackTraceParser Go = new GoStackTraceParser();

    private static readonly IStackTraceParser[] All = [Dotnet, Java, Python, JavaScript, Go];

    public static IReadOnlyList<TextFrame> Parse(string? text, string? language)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        if (text.Length > MaxParsedLength)
        {
            text = text[..MaxParsedLength];
        }
        var preferred = language?.ToLowerInvariant() switch
        {
            "dotnet" => Dotnet,
            "java" => Java,
            "python" => Python,
            "nodejs" or "webjs" or "javascript" => JavaScript,
            "go" => Go,
            _ => null,
        };
        foreach (var parser in preferred is null ? All : All.Where(p => p != preferred).Prepend(preferred))
        {
            var frames = parser.Parse(text);
            if (frames.Count > 0)
            {
                return frames;
            }
        }
        return [];
    }
}
