namespace FiveHundreds.Ingest.Infrastructure.Entities;

// A fingerprint whose issue was merged into another: later events with it are filed under IssueId.
public sealed class IssueFingerprintAlias
{
    public Guid ProjectId { get; set; }

    public required string Fingerprint { get; set; }

    public Guid IssueId { get; set; }
}
