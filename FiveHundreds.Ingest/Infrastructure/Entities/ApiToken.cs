using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Infrastructure.Entities;

public sealed class ApiToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    // SHA-256 of the token; the token itself is shown once and never stored.
    public required byte[] TokenHash { get; set; }

    public required string Prefix { get; set; }

    public TokenScope Scope { get; set; }

    // Every project, present and future; ProjectIds is then empty. Never inferred from an empty list.
    public bool AllProjects { get; set; }

    public Guid[] ProjectIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? RevokedAt { get; set; }

    // A person's own token acts as that person and never beyond their role and projects; null for the automation
    // tokens that belong to nobody (owner-level, as every token was before there were people).
    public Guid? UserId { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }
}
