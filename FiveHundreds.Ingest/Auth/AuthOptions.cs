namespace FiveHundreds.Ingest.Auth;

public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    // The bootstrap token, admin of all projects (the AppHost's secret parameter "admin-token"). Optional: without
    // it, only sessions and tokens created through the API are accepted.
    public string? AdminToken { get; set; }

    // The first owner's password (the AppHost's secret parameter "admin-password"): while there is no owner, the
    // ingest creates the owner "admin" with it at start. Later changes to it change nothing; the owner changes
    // their password in the dashboard.
    public string? AdminPassword { get; set; }

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    // Failed passwords in a row that lock an account, and for how long.
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan InviteLifetime { get; set; } = TimeSpan.FromDays(7);
}
