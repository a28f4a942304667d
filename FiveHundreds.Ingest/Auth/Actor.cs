using System.Security.Claims;

namespace FiveHundreds.Ingest.Auth;

// Who did something, as the activity log records it: a display name, the person's id when a person acts, and the
// name of the API token the request came with. Today every caller is a token, so the name is the token's own
// and there is no person; people signing in add their claims to the principal, and Of reads them here.
public sealed record Actor(string Name, Guid? UserId, string? ViaToken)
{
    public const string TokenNameClaim = "fivehundreds:token_name";

    // The admin token from configuration has no stored name.
    public const string AdminTokenName = "admin";

    public static Actor Of(ClaimsPrincipal user)
    {
        var token = user.FindFirstValue(TokenNameClaim)
            ?? throw new InvalidOperationException("Only an authenticated request has an actor.");
        return new Actor(token, UserId: null, ViaToken: token);
    }
}
