using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using FiveHundreds.Web.Auth;
using FiveHundreds.Web.Presentation;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Microsoft.FluentUI.AspNetCore.Components;
using Npgsql;

namespace FiveHundreds.Web.Extensions;

public static class Extensions
{
    public const string DatabaseName = "fivehundreds";

    public static IHostApplicationBuilder AddDashboardServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .Validate(o => !string.IsNullOrEmpty(o.AdminToken), "Auth:AdminToken is required: the dashboard signs people in with it.")
            .ValidateOnStart();
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName);

        // With several web replicas, a sign-in cookie (and a prerendered page's state) written by one replica must
        // be readable by the others, and a restart must not sign everyone out: they share one Data Protection key
        // ring in PostgreSQL. Without the database (a single instance run on its own) the key ring stays the
        // default, in the user's profile.
        if (builder.Configuration.GetConnectionString(DatabaseName) is not null)
        {
            builder.AddNpgsqlDataSource(DatabaseName, settings => settings.DisableHealthChecks = true);
            builder.Services.AddDataProtection().SetApplicationName("FiveHundreds.Web");
            builder.Services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((options, database) =>
                options.XmlRepository = new DashboardKeyRing(database));
        }

        builder.Services.AddOptions<SsoOptions>().BindConfiguration(SsoOptions.SectionName)
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.ClientId), "Sso:ClientId is required when Sso:Authority is set.")
            .Validate(o => o.Enabled || o.PasswordSignIn, "Sso:PasswordSignIn can be false only when Sso:Authority is set: nobody could sign in.")
            .ValidateOnStart();
        var sso = builder.Configuration.GetSection(SsoOptions.SectionName).Get<SsoOptions>() ?? new SsoOptions();

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = AccountEndpoints.SignInPath;
                o.Cookie.Name = "fivehundreds.auth";
                o.Cookie.HttpOnly = true;
                // Lax, not Strict: a Strict cookie is not sent on the redirect back from a single sign-on provider
                // on another site, nor when a person follows a link from an invite or assignment email. Forms
                // carry antiforgery tokens, and Lax still keeps the cookie off cross-site posts.
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
            })
            .AddSsoSignIn(sso);
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
