namespace FiveHundreds.Ingest.Infrastructure.Entities;

// A person signed in through the dashboard (or any other front end): the bearer token it calls the API with is
// shown once and stored only as a hash. Revoked or expired sessions are refused on the next request.
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public required byte[] TokenHash { get; set; }

    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    // Where the sign-in came from, for the person's list of sessions.
    public string? ClientAddress { get; set; }

    public string? UserAgent { get; set; }
}
