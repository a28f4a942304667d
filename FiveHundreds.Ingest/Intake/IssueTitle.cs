using FiveHundreds.Ingest.Infrastructure;

namespace FiveHundreds.Ingest.Intake;

// The words an issue is listed under: "Type: value" of the exception raised last (or the message, where there is no
// exception or it has no type of its own), and the culprit, the last app frame as "module in function".
public static class IssueTitle
{
    public static string For(IReadOnlyList<ExceptionSummary> chain, string? message)
    {
        if (chain.Count == 0)
        {
            return Shorten(FirstLine(message) ?? "(no message)", FieldLimits.IssueTitle);
        }
        var raised = chain[^1];
        var value = FirstLine(raised.Value);
        // Sentry SDKs send a captureMessage with an attached stack as an exception of no type that holds the message:
        // its title is the message itself, not the "Error" put in place of the type.
        if (raised.TypeMissing && (value ?? FirstLine(message)) is { } text)
        {
            return Shorten(text, FieldLimits.IssueTitle);
        }
        return Shorten(value is null ? raised.Type : $"{raised.Type}: {value}", FieldLimits.IssueTitle);
    }

    public static string? CulpritFor(IReadOnlyList<ExceptionSummary> chain)
    {
        // The exception raised last has the culprit; its cause is the fallback when it has no frames.
        foreach (var exception in chain.Reverse())
        {
            var frames = exception.Frames ?? [];
            var frame = frames.LastOrDefault(f => f.InApp) ?? frames.LastOrDefault();
            if (frame is not null)
            {
                var where = frame.Module ?? FingerprintCalculator.StablePath(frame);
                return Shorten(frame.Function is null ? where : $"{where} in {frame.Function}", FieldLimits.IssueCulprit);
            }
        }
        return null;
    }

    public static string SearchTextFor(string title, string? culprit, IReadOnlyList<ExceptionSummary> chain, string? message) =>
        string.Join('\n', new[] { title, culprit, message }
            .Concat(chain.Select(e => $"{e.Type}: {e.Value}"))
            .Where(s => !string.IsNullOrEmpty(s))
            .Distinct());

    private static string? FirstLine(string? text)
    {
        var line = text?.Split('\n', 2)[0].Trim();
        return string.IsNullOrEmpty(line) ? null : line;
    }

    private static string Shorten(string text, int maxLength) => text.Length <= maxLength ? text : text[..(maxLength - 1)] + "…";
}
