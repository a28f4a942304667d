using System.Security.Claims;

namespace FiveHundreds.Ingest.Auth;

// Who is calling the triage API and which projects they may see. A token limited to some projects sees
// nothing of the others: they answer 404, as if they did not exist, so they cannot be probed. What the
// token may do there is its scope (AuthorizationPolicies).
public sealed class TriageCaller(IHttpContextAccessor accessor)
{
    public const string ProjectClaim = "fivehundreds:project";
    public const string AllProjectsClaim = "fivehundreds:all_projects";
    public const string ScopeClaim = "fivehundreds:scope";

    private ClaimsPrincipal User => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsUnrestricted => User.HasClaim(AllProjectsClaim, "true");

    public IReadOnlyList<Guid> Projects => [.. User.FindAll(ProjectClaim).Select(c => Guid.Parse(c.Value))];

    public Actor Actor => Actor.Of(User);
}
