namespace FiveHundreds.Ingest.Intake;

// What grouping and titling need to know of an event's exception chain (cause first, raised last).
public sealed record FrameSummary(string? Filename, string? AbsPath, string? Module, string? Function, bool InApp);

// Frames is null when the exception carried no stacktrace at all. TypeMissing: the event gave no type, so Type is
// the "Error" the intake stores in its place (grouping reads it; the title does not show it).
public sealed record ExceptionSummary(string Type, string? Value, IReadOnlyList<FrameSummary>? Frames, bool TypeMissing = false);
