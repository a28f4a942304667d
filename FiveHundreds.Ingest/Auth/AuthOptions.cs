namespace FiveHundreds.Ingest.Auth;

public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    // The bootstrap token, admin of all projects (the AppHost's secret parameter "admin-token"). Optional: without
    // it, only tokens created through the API are accepted.
    public string? AdminToken { get; set; }
}
