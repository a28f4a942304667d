using System.Diagnostics;
using System.Net;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Web;

// The Sentry JavaScript SDKs from npm (Sentry/js/package.json, installed from its lock file, node_modules out of
// git), against the whole stack, then their events on the issue page: @sentry/browser bundled by esbuild into a
// page that this test serves from its own loopback origin, so the browser really sends across origins; and
// @sentry/node in a plain script.
public sealed partial class DashboardEndToEndTests
{
    private static readonly string SentryJsFolder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Sentry", "js"));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_browser_app_on_another_origin_reports_an_error_and_a_rejection_with_its_clicks_and_browser()
    {
        var project = await stack.CreateProjectAsync();
        var bundle = await BundleBrowserPageAsync();
        using var site = PageServer.Start(new()
        {
            ["/index.html"] = ("text/html", await File.ReadAllBytesAsync(Path.Combine(SentryJsFolder, "index.html"))),
            ["/bundle.js"] = ("text/javascript", bundle),
        });
        var consoleErrors = new List<string>();
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        await _page.GotoAsync($"{site.Origin}/index.html?dsn={Uri.EscapeDataString(project.Dsn)}");
        await _page.WaitForFunctionAsync("() => window.sentryReady === true");
        await _page.ClickAsync("#add");
        await _page.ClickAsync("#add");
        await _page.ClickAsync("#pay");
        await _page.ClickAsync("#refund");
        Assert.True(await _page.EvaluateAsync<bool>("() => window.sentryFlush()"));

        var triage = stack.CreateTriageClient();
        var issues = await WaitForIssuesAsync(triage, project.Id, 2);
        var error = await LatestOfAsync(triage, issues, "TypeError");
        var rejection = await LatestOfAsync(triage, issues, "Error");
        Assert.Equal("Refund service unavailable", rejection.Exception!.Values[0].Value);
        var clicks = error.Breadcrumbs!.Where(b => b.Category == "ui.click").Select(b => b.Message).ToList();
        // The SDK folds clicks on one element within a second into one breadcrumb.
        Assert.Contains("body > button#add", clicks);
        Assert.Equal("body > button#pay", clicks[^1]);
        Assert.Equal("Chrome", error.Contexts!["browser"]["name"]);
        Assert.StartsWith("Chrome ", (await triage.GetIssueAsync(error.IssueId)).Facets!.Single(f => f.Key == "browser").TopValues[0].Value);
        Assert.Equal("shop-web@2.0.0", error.Release);
        Assert.DoesNotContain(consoleErrors, m => m.Contains("CORS", StringComparison.OrdinalIgnoreCase));

        // The issue page shows the clicks and the browser.
        await SignInAsync();
        await OpenAsync($"/issues/{error.IssueId}");
        await Expect(_page.Locator(".breadcrumbs-section")).ToContainTextAsync("body > button#pay");
        await Expect(_page.Locator(".contexts-section")).ToContainTextAsync("Chrome");
        await ScreenshotAsync("browser-sdk-issue");
    }

    [Fact]
    public async Task A_node_app_s_user_tags_breadcrumbs_and_contexts_are_shown_and_two_order_numbers_make_one_issue()
    {
        var project = await stack.CreateProjectAsync();
        await EnsureSentryJsInstalledAsync();

        var run = await RunNodeAsync("node-app.js", ("SENTRY_DSN", project.Dsn));
        Assert.True(run.ExitCode == 0, run.Output);

        var triage = stack.CreateTriageClient();
        var issue = Assert.Single(await WaitForIssuesAsync(triage, project.Id, 1, events: 2));
        Assert.Equal(2, issue.EventCount);
        var latest = (await triage.GetIssueAsync(issue.Id)).LatestEvent!;
        Assert.Equal(new EventUserDto("u-42", "buyer", "buyer@shop.example", latest.User?.IpAddress), latest.User);
        Assert.Equal("payment", latest.Tags!["checkout_step"]);
        Assert.Contains(latest.Breadcrumbs!, b => b is { Category: "cart", Message: "Added 2 items" });
        Assert.Equal("EUR", latest.Contexts!["order"]["currency"]);
        Assert.Equal("node", latest.Contexts["runtime"]["name"]);
        Assert.True(latest.Contexts.ContainsKey("os"));

        await SignInAsync();
        await OpenAsync($"/issues/{issue.Id}");
        await Expect(_page.Locator(".user-section")).ToContainTextAsync("buyer@shop.example");
        await Expect(_page.Locator(".breadcrumbs-section")).ToContainTextAsync("Added 2 items");
        await Expect(_page.Locator(".contexts-section")).ToContainTextAsync("EUR");
        await Expect(_page.Locator(".tags-section")).ToContainTextAsync("payment");
        await ScreenshotAsync("node-sdk-issue");
    }

    private static async Task<IReadOnlyList<IssueSummaryDto>> WaitForIssuesAsync(TriageApiClient triage, Guid project, int count, long events = 1)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var page = await triage.ListIssuesAsync(new IssueQuery(project.ToString(), IssueStatusFilter.All));
            if ((page.Items.Count >= count && page.Items.Sum(i => i.EventCount) >= events) || DateTime.UtcNow > deadline)
            {
                return page.Items;
            }
            await Task.Delay(250);
        }
    }

    private static async Task<EventDto> LatestOfAsync(TriageApiClient triage, IReadOnlyList<IssueSummaryDto> issues, string type)
    {
        foreach (var issue in issues)
        {
            if ((await triage.GetIssueAsync(issue.Id)).LatestEvent is { Exception.Values: [{ Type: var t }, ..] } e && t == type)
            {
                return e;
            }
        }
        throw new Xunit.Sdk.XunitException($"No issue of type {type} among: {string.Join(", ", issues.Select(i => i.Title))}");
    }

    // The page's code and @sentry/browser as one IIFE file, as an app's build would make it.
    private static async Task<byte[]> BundleBrowserPageAsync()
    {
        await EnsureSentryJsInstalledAsync();
        var output = Path.Combine(Path.GetTempPath(), $"fivehundreds-browser-{Guid.NewGuid():N}.js");
        try
        {
            var run = await RunNodeAsync("build-page.js", arguments: [output]);
            Assert.True(run.ExitCode == 0, run.Output);
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string script, params (string Name, string Value)[] environment) =>
        await RunNodeAsync(script, [], environment);

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string script, string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = SentryJsFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        try
        {
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill();
            }
        }
        return (node.ExitCode, await output + await errors);
    }

    private static Task EnsureSentryJsInstalledAsync() =>
        NpmPackages.EnsureInstalledAsync(SentryJsFolder, Path.Combine("@sentry", "node"), Path.Combine("@sentry", "browser"), "esbuild");

    // A web server of fixed files on a loopback port of its own: another origin than the ingest's.
    private sealed class PageServer : IDisposable
    {
        private readonly HttpListener _listener;

        private PageServer(HttpListener listener, string origin) => (_listener, Origin) = (listener, origin);

        public string Origin { get; }

        public static PageServer Start(Dictionary<string, (string ContentType, byte[] Body)> files)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            _ = Task.Run(async () =>
            {
                while (listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }
                    using var response = context.Response;
                    if (files.TryGetValue(context.Request.Url!.AbsolutePath, out var file))
                    {
                        response.ContentType = file.ContentType;
                        await response.OutputStream.WriteAsync(file.Body);
                    }
                    else
                    {
                        response.StatusCode = 404;
                    }
                }
            });
            return new PageServer(listener, $"http://127.0.0.1:{port}");
        }

        private static int FreePort()
        {
            using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        public void Dispose() => _listener.Close();
    }
}
