namespace FiveHundreds.Ingest.Infrastructure;

// FiveHundreds files its own exceptions in a built-in project; the AppHost generates its key as a secret parameter.
public sealed class SelfReportOptions
{
    public const string SectionName = "SelfReport";

    public const string ProjectName = "FiveHundreds";

    // Null: FiveHundreds does not report to itself, and no built-in project is made.
    public string? ProjectKey { get; set; }
}
