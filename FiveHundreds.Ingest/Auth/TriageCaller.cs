using System.Security.Claims;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Auth;

// Who is calling the triage API and which projects they may see: a person (through a session or their own
// token) or an automation token of nobody's. A caller limited to some projects sees nothing of the others: they
// answer 404, as if they did not exist, so they cannot be probed. What the caller may do there is its scope
// (AuthorizationPolicies).
public sealed class TriageCaller(IHttpContextAccessor accessor)
{
    public const string ProjectClaim = "fivehundreds:project";
    public const string AllProjectsClaim = "fivehundreds:all_projects";
    public const string ScopeClaim = "fivehundreds:scope";
    public const string RoleClaim = "fivehundreds:role";
    public const string UserClaim = ClaimTypes.NameIdentifier;
    public const string NameClaim = ClaimTypes.Name;
    public const string SessionClaim = "fivehundreds:session";
    public const string TokenNameClaim = "fivehundreds:token";

    private ClaimsPrincipal User => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsUnrestricted => User.HasClaim(AllProjectsClaim, "true");

    public IReadOnlyList<Guid> Projects => [.. User.FindAll(ProjectClaim).Select(c => Guid.Parse(c.Value))];

    // The person acting; null for an automation token.
    public Guid? UserId => Guid.TryParse(User.FindFirstValue(UserClaim), out var id) ? id : null;

    public string? Name => User.FindFirstValue(NameClaim);

    public MemberRole Role => WireWords.TryParse<MemberRole>(User.FindFirstValue(RoleClaim), out var role) ? role : MemberRole.Viewer;

    public TokenScope Scope => WireWords.TryParse<TokenScope>(User.FindFirstValue(ScopeClaim), out var scope) ? scope : TokenScope.Read;

    // The session the request came through, when it came through one (not through a token).
    public Guid? SessionId => Guid.TryParse(User.FindFirstValue(SessionClaim), out var id) ? id : null;

    // "via token <name>": the token the request came with, when it was a token and not a session.
    public string? ViaToken => User.FindFirstValue(TokenNameClaim);

    public Actor Actor => Actor.Of(User);

    public CallerDto ToDto(MemberDto? member) => new(member, Role, Scope, IsUnrestricted, Projects, ViaToken);

    // The claims of one authenticated caller, built in one place for every way of authenticating.
    public static ClaimsPrincipal Principal(
        string scheme, MemberRole role, TokenScope scope, bool allProjects, IEnumerable<Guid> projects,
        (Guid Id, string Name)? person = null, Guid? session = null, string? viaToken = null)
    {
        List<Claim> claims =
        [
            new(ScopeClaim, WireWords.Of(scope)),
            new(RoleClaim, WireWords.Of(role)),
            .. allProjects ? [new Claim(AllProjectsClaim, "true")] : projects.Distinct().Select(p => new Claim(ProjectClaim, p.ToString())),
        ];
        if (person is { } p)
        {
            claims.Add(new Claim(UserClaim, p.Id.ToString()));
            claims.Add(new Claim(NameClaim, p.Name));
        }
        if (session is { } s)
        {
            claims.Add(new Claim(SessionClaim, s.ToString()));
        }
        if (viaToken is not null)
        {
            claims.Add(new Claim(TokenNameClaim, viaToken));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, NameClaim, RoleClaim));
    }
}
