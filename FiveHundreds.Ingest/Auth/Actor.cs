using System.Security.Claims;

namespace FiveHundreds.Ingest.Auth;

// Who did something, as the activity log records it: the person's name and id when a person acts (through a
// session or their own token), and the name of the API token the request came with. An automation token has no
// person, so its own name stands for who acted.
public sealed record Actor(string Name, Guid? UserId, string? ViaToken)
{
    // The admin token from configuration has no stored name.
    public const string AdminTokenName = "admin";

    public static Actor Of(ClaimsPrincipal user)
    {
        var token = user.FindFirstValue(TriageCaller.TokenNameClaim);
        var person = user.FindFirstValue(TriageCaller.NameClaim);
        var userId = Guid.TryParse(user.FindFirstValue(TriageCaller.UserClaim), out var id) ? id : (Guid?)null;
        var name = person ?? token ?? throw new InvalidOperationException("Only an authenticated request has an actor.");
        return new Actor(name, userId, token);
    }
}
