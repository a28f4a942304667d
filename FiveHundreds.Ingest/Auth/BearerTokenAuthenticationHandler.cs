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

// "Authorization: Bearer <token>": the admin token from configuration, or a token created through the API
// (stored only as a hash, revoked tokens refused at once).
public sealed class BearerTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AuthOptions> authOptions)
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
            return Success(Actor.AdminTokenName, TokenScope.Admin, allProjects: true, []);
        }

        // Looked up by hash: the comparison is the index's, on a value the caller cannot steer byte by byte.
        // The context is taken here, not in the constructor: this handler runs for every request, and intake
        // requests carry no bearer token, so they should not rent a pooled context for nothing.
        var db = Context.RequestServices.GetRequiredService<FiveHundredsDbContext>();
        var stored = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Select(t => new { t.Name, t.Scope, t.AllProjects, t.ProjectIds })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (stored is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked token.");
        }
        return Success(stored.Name, stored.Scope, stored.AllProjects, stored.ProjectIds);
    }

    private static AuthenticateResult Success(string tokenName, TokenScope scope, bool allProjects, Guid[] projects)
    {
        Claim[] claims =
        [
            new(Actor.TokenNameClaim, tokenName),
            new(TriageCaller.ScopeClaim, AuthorizationPolicies.Claim(scope)),
            .. allProjects ? [new Claim(TriageCaller.AllProjectsClaim, "true")] : projects.Select(p => new Claim(TriageCaller.ProjectClaim, p.ToString())),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Unauthorized",
            detail: "Send a triage API token as 'Authorization: Bearer <token>'.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(statusCode: 403, title: "Forbidden",
            detail: "This token's scope does not allow this. Reading needs read, status changes, tickets and hand-made issues need "
                + "triage, project keys and settings need admin, and tokens and new projects need an admin token for all projects.")
            .ExecuteAsync(Context);
    }
}
