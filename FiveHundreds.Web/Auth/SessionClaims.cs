using System.Security.Claims;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FiveHundreds.Web.Auth;

// What the dashboard's cookie holds about the signed-in person: who they are, what they may do (to show only
// the buttons that will work) and their API session token, which the cookie's encryption keeps from the browser.
// The API decides every request anyway: a stale role here hides or shows a button, never grants anything.
public static class SessionClaims
{
    public const string Token = "fivehundreds:session_token";
    public const string Scope = "fivehundreds:scope";
    public const string Role = ClaimTypes.Role;

    public static ClaimsPrincipal Principal(SessionCreatedDto session)
    {
        var caller = session.Caller;
        Claim[] claims =
        [
            new(ClaimTypes.NameIdentifier, caller.Member?.Id.ToString() ?? ""),
            new(ClaimTypes.Name, caller.Member?.Name ?? "admin"),
            new(Role, WireWords.Of(caller.Role)),
            new(Scope, WireWords.Of(caller.Scope)),
            new(Token, session.Token),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public static string? TokenOf(ClaimsPrincipal? user) => user?.FindFirstValue(Token);

    public static Guid? PersonOf(ClaimsPrincipal? user) => Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static bool May(ClaimsPrincipal? user, TokenScope scope) =>
        WireWords.TryParse<TokenScope>(user?.FindFirstValue(Scope), out var granted) && granted >= scope;

    // Owners and admins manage members (the API's Members policy).
    public static bool ManagesMembers(ClaimsPrincipal? user) =>
        WireWords.TryParse<MemberRole>(user?.FindFirstValue(Role), out var role) && role >= MemberRole.Admin;
}
