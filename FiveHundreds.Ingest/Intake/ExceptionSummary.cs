namespace FiveHundreds.Ingest.Intake;

// What grouping and titling need to know of an event's exception chain (cause first, raised last).
public sealed record FrameSummary(string? Filename, string? AbsPath, string? Module, string? Function, bool InApp);

// Frames is null when the exception carried no stacktrace at all.
public sealed record ExceptionSummary(string Type, string? Value, IReadOnlyList<FrameSummary>? Frames);
