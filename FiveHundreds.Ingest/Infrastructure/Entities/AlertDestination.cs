using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Infrastructure.Entities;

// Where alerts go: an email list or a webhook of some flavour.
public sealed class AlertDestination
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProjectId { get; set; }

    public required string Name { get; set; }

    public AlertChannel Channel { get; set; }

    // The URL, recipients and signing secret, encrypted with ASP.NET Data Protection: they are never shown again.
    public required string ProtectedSettings { get; set; }

    // A recognisable, harmless part of the target ("hooks.slack.com", "o…@example.com") for lists.
    public required string Hint { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
