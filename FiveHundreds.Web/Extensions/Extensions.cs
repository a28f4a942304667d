using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using FiveHundreds.Web.Auth;
using FiveHundreds.Web.Presentation;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FiveHundreds.Web.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddDashboardServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .Validate(o => !string.IsNullOrEmpty(o.AdminToken), "Auth:AdminToken is required: the dashboard calls the triage API with it.")
            .Validate(o => !string.IsNullOrEmpty(o.AdminPassword), "Auth:AdminPassword is required: without it nobody can sign in.")
            .ValidateOnStart();
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName);

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = AccountEndpoints.SignInPath;
                o.Cookie.Name = "fivehundreds.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AdminCredentials>();
        builder.Services.AddSingleton<SignInThrottle>();

        builder.Services.AddTriageApiClient(sp =>
        {
            var auth = sp.GetRequiredService<IOptions<AuthOptions>>();
            return () => auth.Value.AdminToken;
        });

        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<IngestEndpoint>();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddFluentUIComponents();
        return builder;
    }
}
