using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using FiveHundreds.Web.Auth;
using FiveHundreds.Web.Presentation;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using Microsoft.FluentUI.AspNetCore.Components;

namespace FiveHundreds.Web.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddDashboardServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .Validate(o => !string.IsNullOrEmpty(o.AdminToken), "Auth:AdminToken is required: the dashboard signs people in with it.")
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
        builder.Services.AddAuthorizationBuilder().AddDashboardPolicies();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<SessionTokenSource>();
        builder.Services.AddScoped<CircuitHandler, SessionTokenSource.CircuitActivity>();

        // Every page's calls go out as the signed-in person; only signing in uses the dashboard's admin token.
        builder.Services.AddTriageApiClient(sp => sp.GetRequiredService<SessionTokenSource>().Current);
        builder.Services.AddHttpClient<SignInClient>(http => http.BaseAddress = TriageApiClientRegistration.ServiceAddress)
            .AddHttpMessageHandler(sp =>
            {
                var auth = sp.GetRequiredService<IOptions<AuthOptions>>();
                return new BearerTokenHandler(() => auth.Value.AdminToken);
            });

        builder.Services.AddSingleton<MarkdownRenderer>();
        builder.Services.AddSingleton<IngestEndpoint>();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddFluentUIComponents();
        return builder;
    }
}
