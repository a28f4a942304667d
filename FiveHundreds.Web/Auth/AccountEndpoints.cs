using System.Net;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Web.Auth;

// Sign-in, sign-out and accepting an invite are plain form posts: the cookie can only be written during an HTTP
// request, not from inside an interactive Blazor circuit. The password is checked by the triage API, which
// answers a session token; the cookie keeps it, and every API call then goes out as that person.
public static class AccountEndpoints
{
    public const string SignInPath = "/signin";
    public const string AcceptInvitePath = "/invite";
    public const string ExpiredPath = "/account/expired";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account");
        account.MapPost("/signin", SignInAsync).AllowAnonymous();
        account.MapPost("/accept-invite", AcceptInviteAsync).AllowAnonymous();
        account.MapGet("/sso", StartSso).AllowAnonymous();
        // The casts make them route handlers whose redirect result is written, not bare RequestDelegates.
        account.MapPost("/signout", (Delegate)SignOutAsync).RequireAuthorization();
        account.MapPost("/signout-everywhere", (Delegate)SignOutEverywhereAsync).RequireAuthorization();
        account.MapGet("/expired", (Delegate)ExpiredAsync).RequireAuthorization();
        return app;
    }

    public sealed record SignInForm(string? UserName, string? Password, string? ReturnUrl);

    public sealed record AcceptInviteForm(string? Token, string? Name, string? Password);

    private static async Task<RedirectHttpResult> SignInAsync(
        [FromForm] SignInForm form, HttpContext context, SignInClient signIn, CancellationToken ct)
    {
        var returnUrl = LocalReturnUrl(form.ReturnUrl);
        return await TrySignInAsync(context, signIn, form.UserName, form.Password, ct)
            ? TypedResults.LocalRedirect(returnUrl)
            : TypedResults.LocalRedirect($"{SignInPath}?failed=true&returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    private static async Task<bool> TrySignInAsync(HttpContext context, SignInClient signIn, string? userName, string? password, CancellationToken ct)
    {
        try
        {
            var session = await signIn.Api.SignInAsync(
                new SignInRequest(userName, password), context.Connection.RemoteIpAddress?.ToString(), ct);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SessionClaims.Principal(session));
            return true;
        }
        catch (TriageApiException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
        {
            return false;
        }
    }

    // Sends the browser to the identity provider; it comes back to SsoSignIn.CallbackPath and then to returnUrl.
    private static Results<ChallengeHttpResult, NotFound> StartSso(string? returnUrl, IOptions<SsoOptions> sso) =>
        sso.Value.Enabled
            ? TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalReturnUrl(returnUrl) }, [SsoSignIn.Scheme])
            : TypedResults.NotFound();

    // Makes the invited person a member with the password they chose, and signs them in with it.
    private static async Task<RedirectHttpResult> AcceptInviteAsync(
        [FromForm] AcceptInviteForm form, HttpContext context, SignInClient signIn, CancellationToken ct)
    {
        MemberDto member;
        try
        {
            member = await signIn.Api.AcceptInviteAsync(new AcceptInviteRequest(form.Token, form.Name, form.Password), ct);
        }
        catch (TriageApiException e) when ((int)e.StatusCode is >= 400 and < 500)
        {
            return TypedResults.LocalRedirect(
                $"{AcceptInvitePath}?token={Uri.EscapeDataString(form.Token ?? "")}&error={Uri.EscapeDataString(e.Detail ?? e.Message)}");
        }
        return await TrySignInAsync(context, signIn, member.UserName, form.Password, ct)
            ? TypedResults.LocalRedirect("/")
            : TypedResults.LocalRedirect(SignInPath);
    }

    private static async Task<RedirectHttpResult> SignOutAsync(HttpContext context, TriageApiClient api, CancellationToken ct)
    {
        await IgnoringRefusalAsync(() => api.SignOutAsync(ct));
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect(SignInPath);
    }

    private static async Task<RedirectHttpResult> SignOutEverywhereAsync(HttpContext context, TriageApiClient api, CancellationToken ct)
    {
        await IgnoringRefusalAsync(() => api.RevokeAllSessionsAsync(ct));
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect(SignInPath);
    }

    // Where a page goes when the API no longer accepts the cookie's session (signed out elsewhere, removed): the
    // cookie is dropped only if the API really refuses it, so a link here cannot sign anyone out.
    private static async Task<RedirectHttpResult> ExpiredAsync(HttpContext context, TriageApiClient api, CancellationToken ct)
    {
        try
        {
            await api.GetCallerAsync(ct);
            return TypedResults.LocalRedirect("/");
        }
        catch (TriageApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect(SignInPath);
        }
    }

    // The session may already be gone (revoked elsewhere): signing out of the dashboard must still work.
    private static async Task IgnoringRefusalAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (TriageApiException e) when ((int)e.StatusCode is >= 400 and < 500)
        {
        }
    }

    // Only paths of this site: an open redirect would let a phishing link bounce through our sign-in.
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
