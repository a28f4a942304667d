using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Authorization;

namespace FiveHundreds.Web.Auth;

// Which parts of the dashboard a person is shown, from what the API said at sign-in. The API still decides every
// request: these only keep buttons away from people whom the API would refuse.
public static class DashboardPolicies
{
    public const string Triage = "triage";
    public const string Members = "members";
    public const string Admin = "admin";

    public static AuthorizationBuilder AddDashboardPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Triage, policy => policy.RequireAssertion(c => SessionClaims.May(c.User, TokenScope.Triage)))
        .AddPolicy(Members, policy => policy.RequireAssertion(c => SessionClaims.ManagesMembers(c.User)))
        .AddPolicy(Admin, policy => policy.RequireAssertion(c => SessionClaims.May(c.User, TokenScope.Admin)));
}
