using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Auth;

// "Authorization: Bearer <token>": the admin token from configuration, a person's session (from signing in), or
// an API token (a person's own, or an automation token of nobody's). Sessions and tokens are stored only as
// hashes and read on every request, so a revoked session, a revoked or expired token and a removed person are
// refused on the very next request, and a changed role or project list applies at once.
public sealed class BearerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AuthOptions> authOptions,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > FieldLimits.PresentedSecret)
        {
            return AuthenticateResult.Fail("Invalid token.");
        }
        var hash = SecretHasher.Hash(token);

        var admin = authOptions.Value.AdminToken;
        if (!string.IsNullOrEmpty(admin) && CryptographicOperations.FixedTimeEquals(hash, SecretHasher.Hash(admin)))
        {
            return Success(TriageCaller.Principal(SchemeName, MemberRole.Owner, TokenScope.Admin, allProjects: true, [], viaToken: Actor.AdminTokenName));
        }

        // Looked up by hash: the comparison is the index's, on a value the caller cannot steer byte by byte.
        // The context is taken here, not in the constructor: this handler runs for every request, and intake
        // requests carry no bearer token, so they should not rent a pooled context for nothing.
        var db = Context.RequestServices.GetRequiredService<FiveHundredsDbContext>();
        var now = clock.GetUtcNow();
        var caller = token.StartsWith(SessionService.TokenKind + "_", StringComparison.Ordinal)
            ? await SessionAsync(db, hash, now)
            : await ApiTokenAsync(db, hash, now);
        return caller is null ? AuthenticateResult.Fail("Unknown, expired or revoked token.") : Success(caller);
    }

    private async Task<ClaimsPrincipal?> SessionAsync(FiveHundredsDbContext db, byte[] hash, DateTimeOffset now)
    {
        var session = await db.UserSessions.AsNoTracking()
            .Where(s => s.TokenHash == hash && s.RevokedAt == null && s.ExpiresAt > now)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.Id, User = new { u.Id, u.DisplayName, u.Role, u.AllProjects, u.ProjectIds } })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (session is null)
        {
            return null;
        }
        var user = session.User;
        var all = user.AllProjects || MemberRoles.SeesEveryProject(user.Role);
        return TriageCaller.Principal(SchemeName, user.Role, MemberRoles.ScopeOf(user.Role), all, user.ProjectIds,
            (user.Id, user.DisplayName), session: session.Id);
    }

    private async Task<ClaimsPrincipal?> ApiTokenAsync(FiveHundredsDbContext db, byte[] hash, DateTimeOffset now)
    {
        var stored = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now))
            .Select(t => new
            {
                t.Name, t.Scope, t.AllProjects, t.ProjectIds,
                User = db.Users.Where(u => u.Id == t.UserId).Select(u => new { u.Id, u.DisplayName, u.Role, u.AllProjects, u.ProjectIds }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (stored is null)
        {
            return null;
        }
        if (stored.User is not { } user)
        {
            // An automation token: owner-level, limited only by its own scope and projects.
            return TriageCaller.Principal(SchemeName, MemberRole.Owner, stored.Scope, stored.AllProjects, stored.ProjectIds, viaToken: stored.Name);
        }
        // A person's token never reaches beyond the person, even after their role or projects narrowed.
        var userSeesAll = user.AllProjects || MemberRoles.SeesEveryProject(user.Role);
        var (all, projects) = (stored.AllProjects, userSeesAll) switch
        {
            (true, true) => (true, Array.Empty<Guid>()),
            (true, false) => (false, user.ProjectIds),
            (false, true) => (false, stored.ProjectIds),
            (false, false) => (false, stored.ProjectIds.Intersect(user.ProjectIds).ToArray()),
        };
        return TriageCaller.Principal(SchemeName, user.Role, MemberRoles.Narrower(stored.Scope, MemberRoles.ScopeOf(user.Role)), all, projects,
            (user.Id, user.DisplayName), viaToken: stored.Name);
    }

    private static AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Unauthorized",
            detail: "Send a session or triage API token as 'Authorization: Bearer <token>'.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: 403, title: "Forbidden",
            detail: "Your role or this token's scope does not allow this. Reading needs read (viewer), status changes, assignment, "
                + "tickets and hand-made issues need triage (member), project keys, settings and members need admin (admin or owner), "
                + "and automation tokens and new projects need admin over every project.")
            .ExecuteAsync(Context);
    }
}
