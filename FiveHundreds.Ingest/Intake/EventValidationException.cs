namespace FiveHundreds.Ingest.Intake;

// A body the intake refuses; Field names the JSON path at fault ("exception.values[0].stacktrace.frames[3].lineno").
public sealed class EventValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
