using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace FiveHundreds.Web.Auth;

// The OpenID Connect authorization-code flow (with PKCE) against the configured provider. The handler checks the
// id_token for the flow (state, nonce, signature); then the triage API checks it again and answers the session
// the dashboard's cookie keeps, exactly as after a password sign-in. Nothing of the provider's is kept.
public static class SsoSignIn
{
    public const string Scheme = "sso";
    public const string StartPath = "/account/sso";
    public const string CallbackPath = "/signin-sso";

    public static AuthenticationBuilder AddSsoSignIn(this AuthenticationBuilder authentication, SsoOptions sso)
    {
        if (!sso.Enabled)
        {
            return authentication;
        }
        return authentication.AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = sso.Authority;
            o.ClientId = sso.ClientId;
            o.ClientSecret = string.IsNullOrEmpty(sso.ClientSecret) ? null : sso.ClientSecret;
            o.RequireHttpsMetadata = sso.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // The code comes back in a top-level GET, so the flow's correlation and nonce cookies can be SameSite=Lax
            // (a form_post callback is a cross-site POST, which needs SameSite=None cookies and https throughout).
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("email");
            o.Scope.Add("profile");
            o.CallbackPath = CallbackPath;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.Events.OnTokenValidated = ExchangeForSessionAsync;
            o.Events.OnRemoteFailure = context =>
            {
                context.HandleResponse();
                context.Response.Redirect(RefusedPath(context.Failure?.Message ?? "The identity provider did not sign you in."));
                return Task.CompletedTask;
            };
        });
    }

    // The cookie then holds the API's session for the person, not the provider's claims.
    private static async Task ExchangeForSessionAsync(TokenValidatedContext context)
    {
        var idToken = context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage.IdToken;
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInClient>();
        try
        {
            var session = await signIn.Api.SignInWithSsoAsync(
                new SsoSignInRequest(idToken), context.HttpContext.Connection.RemoteIpAddress?.ToString(), context.HttpContext.RequestAborted);
            context.Principal = SessionClaims.Principal(session);
        }
        catch (TriageApiException e) when ((int)e.StatusCode is >= 400 and < 500 or 503)
        {
            context.HandleResponse();
            context.Response.Redirect(RefusedPath(e.Detail ?? e.Message));
        }
    }

    private static string RefusedPath(string reason) =>
        $"{AccountEndpoints.SignInPath}?ssoError={Uri.EscapeDataString(reason.Length > 300 ? reason[..300] : reason)}";
}
