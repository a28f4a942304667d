namespace FiveHundreds.Ingest.Intake;

public sealed class IgnoreExpiryOptions
{
    public const string SectionName = "IgnoreExpiry";

    // How late an issue ignored until a time may return when no event arrives meanwhile (an event returns it at once).
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
