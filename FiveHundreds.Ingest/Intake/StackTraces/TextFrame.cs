namespace FiveHundreds.Ingest.Intake.StackTraces;

// One frame read from a stack trace's text. AbsPath is the file as the runtime printed it; Filename its last
// segment, which stays the same across deploy folders and is what grouping reads where there is no module.
public sealed record TextFrame(string? AbsPath, string? Module, string? Function, int? Lineno = null, int? Colno = null, string? ContextLine = null)
{
    public string? Filename => AbsPath is null ? null : Path.GetFileName(AbsPath.Replace('\\', '/'));

    internal static int? Number(string? text) => int.TryParse(text, out var n) && n >= 0 ? n : null;
}

// Reads the frames of the exception a stack trace's text reports, outermost call first (the order of the
// native event's frames). An empty list means the text is not in the parser's format.
public interface IStackTraceParser
{
    IReadOnlyList<TextFrame> Parse(string text);
}
