using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using FiveHundreds.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FiveHundreds.Tests;

// What a new user does on day one, in a fresh clone with its own HOME and an empty NuGet packages folder: run
// eng/run.sh (which restores everything first), sign in with what it prints, Ctrl+C, run it again.
public sealed class FirstRunFixture : IAsyncLifetime
{
    public static readonly TimeSpan FirstStartTimeout = TimeSpan.FromMinutes(20);

    public FreshClone Clone { get; private set; } = null!;

    public EngRun FirstStart { get; private set; } = null!;

    // The stack that runs now: the first start, or the second once a test has restarted it.
    public EngRun Current { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Clone = await FreshClone.CreateAsync();
        FirstStart = Current = await EngRun.StartAsync(Clone, FirstStartTimeout);
    }

    public async Task DisposeAsync()
    {
        if (Current is not null)
        {
            await Current.StopAsync();
            await Current.DisposeAsync();
        }
        if (Clone is not null)
        {
            await Clone.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class FirstRunCollection : ICollectionFixture<FirstRunFixture>
{
    public const string Name = "First run";
}

[Collection(FirstRunCollection.Name)]
public sealed partial class FirstRunTests(FirstRunFixture firstRun, ITestOutputHelper output)
{
    [Fact]
    public async Task The_credentials_eng_run_prints_on_a_first_run_sign_in_and_authorize_on_the_triage_api()
    {
        output.WriteLine($"First start (restore, build, start) healthy after {firstRun.FirstStart.TimeToHealthy.TotalSeconds:F0} s");

        Assert.True(await SignsInAsync(firstRun.FirstStart.AdminPassword), "The printed password did not sign in:\n" + firstRun.Current.Output);
        Assert.False(await SignsInAsync(firstRun.FirstStart.AdminPassword + "x"), "A wrong password signed in");
        Assert.Equal(HttpStatusCode.OK, await ListProjectsAsync(firstRun.FirstStart.AdminToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await ListProjectsAsync(firstRun.FirstStart.AdminToken + "x"));
    }

    [Fact]
    public async Task A_second_eng_run_after_ctrl_c_is_healthy_with_the_same_credentials()
    {
        var first = firstRun.Current;
        var secretsOfTheFirstStart = await File.ReadAllBytesAsync(firstRun.Clone.User.AppHostUserSecretsFile);

        Assert.Equal(0, await first.StopAsync());
        await first.DisposeAsync();
        // The bound is wide: the rest of the suite runs alongside on the same two cores. The time is printed.
        var second = firstRun.Current = await EngRun.StartAsync(firstRun.Clone, TimeSpan.FromMinutes(5));
        output.WriteLine($"Second start (build, start) healthy after {second.TimeToHealthy.TotalSeconds:F0} s");

        Assert.Equal(firstRun.FirstStart.AdminPassword, second.AdminPassword);
        Assert.Equal(firstRun.FirstStart.AdminToken, second.AdminToken);
        Assert.Equal(secretsOfTheFirstStart, await File.ReadAllBytesAsync(firstRun.Clone.User.AppHostUserSecretsFile));
        Assert.True(await SignsInAsync(second.AdminPassword), "The password did not sign in after the restart:\n" + second.Output);
    }

    // The dashboard's sign-in as a browser posts it: the form's antiforgery token and cookie, then the credentials.
    private static async Task<bool> SignsInAsync(string password)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = EngRun.Dashboard };
        var form = await http.GetStringAsync("/signin");
        var antiforgery = AntiforgeryField().Match(form);
        Assert.True(antiforgery.Success, "The sign-in page has no antiforgery token:\n" + form);

        using var response = await http.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery.Groups["value"].Value,
            ["UserName"] = "admin",
            ["Password"] = password,
            ["ReturnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (response.Headers.Location?.OriginalString != "/")
        {
            return false;
        }
        // Signed in: the dashboard's home page now answers instead of sending to the sign-in page.
        using var home = await http.GetAsync("/");
        return home.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<HttpStatusCode> ListProjectsAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = EngRun.Ingest };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.GetAsync("/api/v1/projects");
        return response.StatusCode;
    }

    [GeneratedRegex("<input(?=[^>]*name=\"__RequestVerificationToken\")[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
