using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FiveHundreds.Web.Auth;

// Sign-in and sign-out are plain form posts: the cookie can only be written during an HTTP request, not from
// inside an interactive Blazor circuit.
public static class AccountEndpoints
{
    public const string SignInPath = "/signin";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account");
        account.MapPost("/signin", SignInAsync).AllowAnonymous();
        // The cast makes it a route handler whose redirect result is written, not a bare RequestDelegate.
        account.MapPost("/signout", (Delegate)SignOutAsync).RequireAuthorization();
        return app;
    }

    public sealed record SignInForm(string? UserName, string? Password, string? ReturnUrl);

    private static async Task<RedirectHttpResult> SignInAsync(
        [FromForm] SignInForm form, HttpContext context, AdminCredentials credentials, SignInThrottle throttle,
        CancellationToken ct)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var returnUrl = LocalReturnUrl(form.ReturnUrl);
        if (!credentials.Verify(form.UserName, form.Password))
        {
            await Task.Delay(throttle.RecordFailure(client), ct);
            return TypedResults.LocalRedirect($"{SignInPath}?failed=true&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        throttle.RecordSuccess(client);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, AuthOptions.AdminUserName)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.LocalRedirect(returnUrl);
    }

    private static async Task<RedirectHttpResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect(SignInPath);
    }

    // Only paths of this site: an open redirect would let a phishing link bounce through our sign-in.
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
