using Microsoft.Extensions.Configuration;

namespace FiveHundreds.AppHost.Auth;

// Single sign-on through an OpenID Connect provider, off unless the parameter sso-authority has a value (user
// secrets "Parameters:sso-authority", or the environment variable Parameters__sso-authority when publishing).
// The dashboard runs the browser flow with the client secret; the ingest validates the id_tokens it is handed,
// so both get the authority and the client id.
public static class SingleSignOnExtensions
{
    public const string AuthorityParameter = "sso-authority";

    public static void WithSingleSignOn(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> ingest, IResourceBuilder<ProjectResource> web)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{AuthorityParameter}"]))
        {
            return;
        }
        var authority = builder.AddParameter(AuthorityParameter);
        var clientId = builder.AddParameter("sso-client-id");
        var clientSecret = builder.AddParameter("sso-client-secret", secret: true);
        var allowedDomains = Optional(builder, "sso-allowed-domains", "");
        var defaultRole = Optional(builder, "sso-default-role", "viewer");
        var passwordSignIn = Optional(builder, "sso-password-sign-in", "true");
        var displayName = Optional(builder, "sso-display-name", "single sign-on");

        foreach (var service in new[] { ingest, web })
        {
            service.WithEnvironment("Sso__Authority", authority)
                .WithEnvironment("Sso__ClientId", clientId)
                .WithEnvironment("Sso__PasswordSignIn", passwordSignIn);
        }
        ingest.WithEnvironment("Sso__AllowedDomains", allowedDomains)
            .WithEnvironment("Sso__DefaultRole", defaultRole);
        web.WithEnvironment("Sso__ClientSecret", clientSecret)
            .WithEnvironment("Sso__DisplayName", displayName);
    }

    // A parameter that keeps its default unless the configuration gives it a value.
    private static IResourceBuilder<ParameterResource> Optional(IDistributedApplicationBuilder builder, string name, string fallback) =>
        builder.AddParameter(name, () => builder.Configuration[$"Parameters:{name}"] is { Length: > 0 } value ? value : fallback, publishValueAsDefault: true);
}
