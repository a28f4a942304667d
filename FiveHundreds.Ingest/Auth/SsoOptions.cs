using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Auth;

// Single sign-on through a generic OpenID Connect provider (Entra ID, Google, Okta, Keycloak, Authentik...), the
// AppHost's sso-* parameters. Off while Authority is empty. The dashboard runs the browser flow with the same
// authority and client id; the API checks the id_token it is handed against the authority itself.
public sealed class SsoOptions
{
    public const string SectionName = "Sso";

    // The issuer's base address; its discovery document is at /.well-known/openid-configuration below it.
    public string? Authority { get; set; }

    // The dashboard's client id at the provider: the audience every id_token must name.
    public string? ClientId { get; set; }

    // Email domains whose verified addresses may join without an invite (comma or space separated). Empty:
    // only invited and existing people sign in.
    public string? AllowedDomains { get; set; }

    // The role of a person who joins through an allowed domain; they see every project until limited.
    public MemberRole DefaultRole { get; set; } = MemberRole.Viewer;

    // False turns password sign-in off (and accepting an invite with a password): people sign in only through
    // the provider. The admin token keeps working for automation.
    public bool PasswordSignIn { get; set; } = true;

    // Only a provider run over plain http on a developer's machine (or in a test) needs false.
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public IReadOnlyList<string> AllowedDomainList() =>
        (AllowedDomains ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.TrimStart('@').ToLowerInvariant()).ToArray();

    public string MetadataAddress => Authority!.TrimEnd('/') + "/.well-known/openid-configuration";
}
