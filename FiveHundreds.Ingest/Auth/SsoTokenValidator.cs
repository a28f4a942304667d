using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace FiveHundreds.Ingest.Auth;

// Checks an id_token the way the API checks a password: itself, not on the dashboard's word. The token must be
// signed by one of the authority's published keys, issued by it, for our client id, unexpired; then the person is
// who the token's issuer and subject say, with the email address only if the provider says it is verified.
public sealed class SsoTokenValidator
{
    // Entra ID sends no email_verified; its optional claim xms_edov says the email's domain is verified by its owner.
    private static readonly string[] EmailVerifiedClaims = ["email_verified", "xms_edov"];

    private readonly SsoOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _configuration;
    private readonly JsonWebTokenHandler _handler = new();

    public SsoTokenValidator(IOptions<SsoOptions> options, IHttpClientFactory http)
    {
        _options = options.Value;
        if (_options.Enabled)
        {
            _configuration = new ConfigurationManager<OpenIdConnectConfiguration>(
                _options.MetadataAddress, new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(http.CreateClient(nameof(SsoTokenValidator))) { RequireHttps = _options.RequireHttpsMetadata });
        }
    }

    public sealed record SsoIdentity(string Issuer, string Subject, string? Email, bool EmailVerified, string? Name);

    public async Task<SsoIdentity> ValidateAsync(string idToken, CancellationToken ct)
    {
        var configuration = _configuration ?? throw TeamRequestRefusedException.NotFound("Single sign-on is not set up.");
        var result = await ValidateWithAsync(await ConfigurationAsync(configuration, ct), idToken);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider may have rolled its keys since we read them.
            configuration.RequestRefresh();
            result = await ValidateWithAsync(await ConfigurationAsync(configuration, ct), idToken);
        }
        if (!result.IsValid)
        {
            throw TeamRequestRefusedException.Unauthorized($"The identity token is not valid: {Reason(result.Exception)}");
        }
        var claims = result.ClaimsIdentity;
        var subject = claims.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(subject))
        {
            throw TeamRequestRefusedException.Unauthorized("The identity token names no subject.");
        }
        var email = claims.FindFirst("email")?.Value?.Trim();
        var verified = EmailVerifiedClaims.Any(c => string.Equals(claims.FindFirst(c)?.Value, "true", StringComparison.OrdinalIgnoreCase));
        return new SsoIdentity(result.Issuer, subject, string.IsNullOrEmpty(email) ? null : email, verified, claims.FindFirst("name")?.Value?.Trim());
    }

    private Task<TokenValidationResult> ValidateWithAsync(OpenIdConnectConfiguration configuration, string idToken) =>
        _handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = _options.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        });

    private static async Task<OpenIdConnectConfiguration> ConfigurationAsync(ConfigurationManager<OpenIdConnectConfiguration> configuration, CancellationToken ct)
    {
        try
        {
            return await configuration.GetConfigurationAsync(ct);
        }
        catch (InvalidOperationException e)
        {
            throw new TeamRequestRefusedException(StatusCodes.Status503ServiceUnavailable, "Single sign-on unavailable",
                $"The identity provider's discovery document could not be read: {e.Message}");
        }
    }

    private static string Reason(Exception? e) => e switch
    {
        SecurityTokenExpiredException => "it has expired.",
        SecurityTokenInvalidAudienceException => "it was issued for another client.",
        SecurityTokenInvalidIssuerException => "it was issued by another provider.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature is not the provider's.",
        SecurityTokenMalformedException or ArgumentException => "it is not a JSON web token.",
        _ => "it was refused.",
    };
}
