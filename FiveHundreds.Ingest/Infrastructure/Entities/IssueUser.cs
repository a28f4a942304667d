namespace FiveHundreds.Ingest.Infrastructure.Entities;

// One distinct user an issue has hit, written by the intake when the first event of that user arrives; the
// issue's UsersAffected counts these rows as they are inserted, so that no read ever counts distinct users.
public sealed class IssueUser
{
    public Guid IssueId { get; set; }

    // "id:<user id>", else "email:<email>", else "ip:<address>": what makes two events one user.
    public required string UserKey { get; set; }

    public string? UserId { get; set; }

    public string? Email { get; set; }
}
