using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Authorization;

namespace FiveHundreds.Ingest.Auth;

// One policy per token scope. Every scope includes the ones below it, so a policy lists the scopes that pass.
// A person's session carries their role's scope (MemberRoles.ScopeOf), so the same policies decide for people.
public static class AuthorizationPolicies
{
    // Status changes, assignment, tickets and issues reported by hand.
    public const string Triage = "triage";

    // Keys and settings of the caller's own projects.
    public const string Admin = "admin";

    // Tokens and new projects: whoever holds them reaches every project, so only admin over all projects.
    public const string AdminOfAllProjects = "admin-of-all-projects";

    // Invites, roles and removals: admin over all projects, as an owner or admin (MemberRoles.MayManage decides
    // whom), or the owner-level admin and automation tokens.
    public const string Members = "members";

    // Their own account, sessions and tokens: a person, not an automation token.
    public const string Person = "person";

    public static AuthorizationBuilder AddTokenScopePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Triage, policy => policy.RequireClaim(TriageCaller.ScopeClaim, Claim(TokenScope.Triage), Claim(TokenScope.Admin)))
        .AddPolicy(Admin, policy => policy.RequireClaim(TriageCaller.ScopeClaim, Claim(TokenScope.Admin)))
        .AddPolicy(AdminOfAllProjects, policy => policy
            .RequireClaim(TriageCaller.ScopeClaim, Claim(TokenScope.Admin))
            .RequireClaim(TriageCaller.AllProjectsClaim, "true"))
        .AddPolicy(Members, policy => policy
            .RequireClaim(TriageCaller.ScopeClaim, Claim(TokenScope.Admin))
            .RequireClaim(TriageCaller.AllProjectsClaim, "true")
            .RequireClaim(TriageCaller.RoleClaim, WireWords.Of(MemberRole.Admin), WireWords.Of(MemberRole.Owner)))
        .AddPolicy(Person, policy => policy.RequireClaim(TriageCaller.UserClaim));

    public static string Claim(TokenScope scope) => WireWords.Of(scope);
}
