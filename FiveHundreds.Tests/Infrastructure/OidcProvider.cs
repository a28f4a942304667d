using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FiveHundreds.Tests.Infrastructure;

// A real OpenID Connect provider for the single sign-on tests: OpenIddict's server on Kestrel, without a database
// (degraded mode: the one client and its redirect addresses are checked here), with the authorization-code flow
// and PKCE. Its authorization page asks who is signing in (the test types the email address) and for consent;
// the id_token then says that address is verified.
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "fivehundreds-test";
    public const string EmailField = "login_email";

    private readonly WebApplication _app;

    private OidcProvider(WebApplication app, Uri issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    public string ClientSecret { get; } = "client-secret-" + Guid.NewGuid().ToString("N");

    public Uri Issuer { get; }

    // The dashboards' callback addresses; an authorization request for any other is refused.
    public ConcurrentDictionary<string, bool> RedirectUris { get; } = new();

    // The provider's own signing key, for tests that make id_tokens the flow would not.
    public SigningCredentials SigningCredentials =>
        _app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials[0];

    // The same stable subject for an address on every sign-in, as a provider's user id is.
    public static string SubjectOf(string email) =>
        "user-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant())))[..16];

    public static async Task<OidcProvider> StartAsync()
    {
        var port = FreePort.Next();
        var issuer = new Uri($"http://127.0.0.1:{port}/");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = nameof(OidcProvider) });
        builder.WebHost.UseUrls(issuer.ToString());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        OidcProvider? provider = null;
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetIssuer(issuer)
                .SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .AllowAuthorizationCodeFlow()
                .RequireProofKeyForCodeExchange()
                .RegisterScopes(Scopes.Email, Scopes.Profile)
                .AddEphemeralEncryptionKey()
                .AddEphemeralSigningKey()
                .DisableAccessTokenEncryption()
                .EnableDegradedMode();
            options.UseAspNetCore()
                .DisableTransportSecurityRequirement()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough();
            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                }
                else if (context.RedirectUri is null || !provider!.RedirectUris.ContainsKey(context.RedirectUri))
                {
                    context.Reject(Errors.InvalidRequest, $"Unregistered redirect_uri {context.RedirectUri}.");
                }
                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != provider!.ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                }
                return default;
            }));
        });
        var app = builder.Build();
        provider = new OidcProvider(app, issuer);
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", ["GET", "POST"], (Delegate)AuthorizeAsync);
        app.MapPost("/connect/token", (Delegate)IssueTokensAsync);
        await app.StartAsync();
        return provider;
    }

    // GET: who are you, and may FiveHundreds sign you in? POST (the Allow button): the code for that person.
    private static async Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an authorization request.");
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Form[EmailField].ToString() is not { Length: > 0 } email)
        {
            var carried = string.Concat(request.GetParameters()
                .Where(p => p.Key != EmailField)
                .Select(p => $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(p.Key)}\" value=\"{WebUtility.HtmlEncode((string?)p.Value)}\" />"));
            return Results.Content($$"""
                <!doctype html><html><head><title>Test provider</title></head><body>
                <h1>Test provider</h1>
                <form method="post" action="/connect/authorize">{{carried}}
                <label for="email">Email</label> <input id="email" name="{{EmailField}}" />
                <p class="consent">{{WebUtility.HtmlEncode(request.ClientId)}} asks to know your email address and name.</p>
                <button type="submit" id="allow">Allow</button>
                </form></body></html>
                """, "text/html");
        }
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, SubjectOf(email)));
        identity.AddClaim(new Claim(Claims.Email, email));
        identity.AddClaim(new Claim(Claims.EmailVerified, "true", ClaimValueTypes.Boolean));
        identity.AddClaim(new Claim(Claims.Name, "SSO " + email.Split('@')[0]));
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(request.GetScopes());
        principal.SetDestinations(_ => [Destinations.IdentityToken]);
        await http.SignInAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, principal);
        return Results.Empty;
    }

    // The code's person, now as an id_token for the client.
    private static async Task<IResult> IssueTokensAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } principal)
        {
            return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }
        principal.SetDestinations(_ => [Destinations.IdentityToken]);
        await http.SignInAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, principal);
        return Results.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
