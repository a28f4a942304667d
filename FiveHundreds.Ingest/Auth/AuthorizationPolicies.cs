namespace FiveHundreds.Ingest.Auth;

public static class AuthorizationPolicies
{
    // Creating projects and managing tokens: only tokens not limited to some projects.
    public const string Unrestricted = "unrestricted";
}
