namespace FiveHundreds.Web.Auth;

// Bound from "Auth" (environment Auth__AdminToken, Auth__AdminPassword), set by the AppHost from secret parameters.
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public const string AdminUserName = "admin";

    // The dashboard's token for the triage API.
    public string AdminToken { get; set; } = "";

    // The password of the first account, "admin".
    public string AdminPassword { get; set; } = "";
}
