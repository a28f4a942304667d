using System.Net;
using System.Text.RegularExpressions;
using FiveHundreds.Tests.Infrastructure;

namespace FiveHundreds.Benchmarks.Ingest;

// The dashboard's figure: the server time of the dashboard's issue list. The Release FiveHundreds.Web runs against the
// benchmark's ingest; a signed-in GET of the page is prerendered on the server, the grid's first page included,
// so the time to the last byte is the server's time to load and render it.
internal static partial class DashboardPageTimer
{
    public static async Task<double[]> TimeIssueListAsync(string webDll, BenchmarkEnvironment environment, string pageUrl,
        string expectedText, int samples)
    {
        await using var web = await ServiceProcess.StartAsync(Path.GetFullPath(webDll), new Dictionary<string, string>
        {
            ["services__ingest__http__0"] = environment.Ingest.Address.ToString(),
            ["Auth__AdminToken"] = environment.AdminToken,
        });
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = web.Address,
        };
        await SignInAsync(http, BenchmarkEnvironment.AdminPassword);

        var html = await http.GetStringAsync(pageUrl);
        if (!html.Contains(WebUtility.HtmlEncode(expectedText), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The prerendered page does not show '{expectedText}': the measurement would not include the grid.");
        }
        return await Measurements.TimeAsync(samples, () => http.GetStringAsync(pageUrl));
    }

    private static async Task SignInAsync(HttpClient http, string password)
    {
        var form = await http.GetStringAsync("/signin");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        using var response = await http.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["UserName"] = "admin",
            ["Password"] = password,
            ["ReturnUrl"] = "/",
        }));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("failed") != false)
        {
            throw new InvalidOperationException($"Signing in to the dashboard failed: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
