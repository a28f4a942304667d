using System.Net;
using System.Text.RegularExpressions;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.Playwright;
using Npgsql;

namespace FiveHundreds.Tests.Teams;

// Single sign-on in Debian's chromium: the dashboard's button, the provider's page (who, and consent), the
// callback, and the dashboard signed in as the person with their role, or the refusal with its reason.
[Collection(SsoCollection.Name)]
public sealed partial class SsoBrowserTests(SsoFixture sso) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await DashboardBrowser.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    // From the dashboard's sign-in page through the provider's page, as the person with the address.
    private async Task<IPage> SignInThroughProviderAsync(string email)
    {
        var page = await DashboardBrowser.NewPageAsync(_browser, sso.Web.Address);
        await page.GotoAsync("/signin");
        await page.ClickAsync($"a.sso-signin:has-text('Sign in with {SsoFixture.ProviderName}')");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Test provider");
        await Assertions.Expect(page.Locator(".consent")).ToContainTextAsync(OidcProvider.ClientId);
        await page.FillAsync("#email", email);
        await page.ClickAsync("#allow");
        return page;
    }

    private static async Task ExpectSignedInAsync(IPage page, MemberRole role)
    {
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Issues");
        await DashboardBrowser.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator(".user-role")).ToHaveTextAsync(WireWords.Of(role));
    }

    private async Task<MemberDto[]> MembersWithAsync(string email) =>
        [.. (await sso.CreateTriageClient().ListMembersAsync()).Where(m => m.Email == email)];

    [Fact]
    public async Task A_person_of_an_allowed_domain_joins_through_the_provider_with_the_default_role_and_stays_one_person()
    {
        var email = $"ana-{Suffix()}@{SsoFixture.AllowedDomain}";

        var page = await SignInThroughProviderAsync(email);

        await ExpectSignedInAsync(page, SsoFixture.DefaultRole);
        await Assertions.Expect(page.Locator(".user")).ToHaveTextAsync($"SSO {email.Split('@')[0]}");
        var member = Assert.Single(await MembersWithAsync(email));
        Assert.Equal(SsoFixture.DefaultRole, member.Role);

        var again = await SignInThroughProviderAsync(email);
        await ExpectSignedInAsync(again, SsoFixture.DefaultRole);
        Assert.Equal(member.Id, Assert.Single(await MembersWithAsync(email)).Id);
    }

    [Fact]
    public async Task A_person_of_another_domain_without_an_invite_is_refused_and_told_why()
    {
        var email = $"eve-{Suffix()}@elsewhere.test";

        var page = await SignInThroughProviderAsync(email);

        await Assertions.Expect(page.Locator(".sso-error")).ToContainTextAsync($"{email} is not a member and has no invite");
        Assert.EndsWith("/signin", new Uri(page.Url).AbsolutePath);
        Assert.Empty(await MembersWithAsync(email));
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(SignInPage());
    }

    [Fact]
    public async Task An_invited_person_of_any_domain_joins_through_the_provider_with_the_invited_role()
    {
        var email = $"ivo-{Suffix()}@invited.test";
        var invite = await sso.CreateTriageClient().CreateInviteAsync(new CreateInviteRequest(email, MemberRole.Viewer, [], AllProjects: true));

        var page = await SignInThroughProviderAsync(email);

        await ExpectSignedInAsync(page, MemberRole.Viewer);
        Assert.Equal(MemberRole.Viewer, Assert.Single(await MembersWithAsync(email)).Role);
        Assert.DoesNotContain(invite.Invite.Id, (await sso.CreateTriageClient().ListInvitesAsync()).Select(i => i.Id));
    }

    [Fact]
    public async Task A_session_made_on_one_web_replica_works_on_the_other()
    {
        var page = await DashboardBrowser.NewPageAsync(_browser, sso.Web.Address);
        await DashboardBrowser.SignInAsync(page, "admin", sso.AdminPassword);

        // Cookies do not depend on the port: the browser sends the first replica's cookie to the second.
        await page.GotoAsync(new Uri(sso.SecondWeb.Address, "/projects").ToString());

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Projects");
        await DashboardBrowser.WaitInteractiveAsync(page);
        Assert.StartsWith(sso.SecondWeb.Address.ToString(), page.Url);
        // The replicas have homes of their own: what they share is the ring in the database.
        await using var database = new NpgsqlConnection(sso.Postgres.ConnectionString(IngestFixture.DatabaseName));
        await database.OpenAsync();
        await using var keys = new NpgsqlCommand("SELECT count(*) FROM dashboard_data_protection_keys", database);
        Assert.True((long)(await keys.ExecuteScalarAsync())! >= 1);
    }

    // Behind a proxy that terminated TLS (X-Forwarded-Proto: https from a trusted address) the session cookie is
    // Secure; over plain http without the header it cannot be.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_session_cookie_is_secure_exactly_when_the_proxy_forwarded_https(bool forwardedHttps)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = sso.Web.Address };
        if (forwardedHttps)
        {
            http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        }
        using var form = await http.GetAsync("/signin");
        var antiforgeryCookies = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = AntiforgeryField().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["UserName"] = "admin",
                ["Password"] = sso.AdminPassword,
                ["ReturnUrl"] = "/",
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookies);

        using var signedIn = await http.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location?.OriginalString);
        var session = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("fivehundreds.auth="));
        Assert.Equal(forwardedHttps, session.Split(';').Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase)));
    }

    private Regex SignInPage() => new($"^{Regex.Escape(sso.Web.Address.ToString())}signin");

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
