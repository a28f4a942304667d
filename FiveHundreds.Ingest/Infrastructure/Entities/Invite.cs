using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Infrastructure.Entities;

// A one-time link that lets a person join with a role; the token is shown once and stored only as a hash.
public sealed class Invite
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Email { get; set; }

    public MemberRole Role { get; set; }

    public bool AllProjects { get; set; }

    public Guid[] ProjectIds { get; set; } = [];

    public required byte[] TokenHash { get; set; }

    public Guid? InvitedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
