namespace FiveHundreds.Web.Auth;

// The dashboard's side of single sign-on (the AppHost's sso-* parameters): it runs the OpenID Connect
// authorization-code flow with the provider and hands the id_token to the triage API, which decides who it is.
// Off while Authority is empty.
public sealed class SsoOptions
{
    public const string SectionName = "Sso";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    // The client secret (the secret parameter sso-client-secret); empty for a public client, which PKCE protects.
    public string? ClientSecret { get; set; }

    // The provider's name on the button: "Sign in with <DisplayName>".
    public string DisplayName { get; set; } = "single sign-on";

    // False shows only the single sign-on button; the API refuses passwords then too.
    public bool PasswordSignIn { get; set; } = true;

    // Only a provider run over plain http on a developer's machine (or in a test) needs false.
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
