using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Authorization;

namespace FiveHundreds.Ingest.Auth;

// One policy per token scope. Every scope includes the ones below it, so a policy lists the scopes that pass.
public static class AuthorizationPolicies
{
    // Status changes, tickets and issues reported by hand.
    public const string Triage = "triage";

    // Keys and settings of the token's own projects.
    public const string Admin = "admin";

    // Tokens and new projects: whoever holds them reaches every project, so only an admin token for all projects.
    public const string AdminOfAllProjects = "admin-of-all-projects";

    public static AuthorizationBuilder AddTokenScopePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Triage, policy => policy.RequireClaim(TriageCaller.ScopeClaim, Claim(TokenScope.Triage), Claim(TokenScope.Admin)))
        .AddPolicy(Admin, policy => policy.RequireClaim(TriageCaller.ScopeClaim, Claim(TokenScope.Admin)))
        .AddPolicy(AdminOfAllProjects, policy => policy
            .RequireClaim(TriageCaller.ScopeClaim, Claim(TokenScope.Admin))
            .RequireClaim(TriageCaller.AllProjectsClaim, "true"));

    public static string Claim(TokenScope scope) => WireWords.Of(scope);
}
