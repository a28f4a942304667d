using System.IO.Compression;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.Tests.Sdks;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using global::Sentry;

namespace FiveHundreds.Tests.Sentry;

// The official Sentry SDKs, configured with nothing but the DSN the triage API hands out, against the ingest
// of the started stack.
[Collection(StackCollection.Name)]
public sealed class SentrySdkTests(StackFixture stack)
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_dotnet_sdk_reports_one_error_from_two_lines_of_one_method_as_one_issue_gzipped_and_chunked()
    {
        var project = await stack.CreateProjectAsync();
        var sentIds = new List<SentryId>();
        // The default transport gzips the body; without compression the SDK streams it chunked.
        foreach (var (compression, beforeReserving) in new[] { (CompressionLevel.Fastest, true), (CompressionLevel.NoCompression, false) })
        {
            using var client = new SentryClient(new SentryOptions
            {
                Dsn = project.Dsn,
                Release = "shop@2.0.0",
                RequestBodyCompressionLevel = compression,
                AutoSessionTracking = false,
            });
            try
            {
                SentryCheckout.PlaceOrder(beforeReserving);
            }
            catch (InvalidOperationException ex)
            {
                sentIds.Add(client.CaptureException(ex));
            }
            await client.FlushAsync(FlushTimeout);
        }

        var triage = stack.CreateTriageClient();
        var issue = Assert.Single((await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString(), Status: IssueStatusFilter.All))).Items);
        Assert.Equal(2, issue.EventCount);
        Assert.Equal($"System.InvalidOperationException: {SentryCheckout.EmptyCartMessage}", issue.Title);
        Assert.Equal($"{nameof(SentryCheckout)} in {nameof(SentryCheckout.PlaceOrder)}", issue.Culprit);
        var events = (await triage.ListIssueEventsAsync(issue.Id)).Items;
        Assert.Equal(sentIds.Select(id => Guid.Parse(id.ToString())).Order(), events.Select(e => e.EventId).Order());
        var throwLines = await Task.WhenAll(events.Select(async e =>
            (await triage.GetEventAsync(e.Id)).Exception!.Values[^1].Stacktrace!.Frames[^1].Lineno));
        Assert.Equal(2, throwLines.Distinct().Count());

        var latest = (await triage.GetIssueAsync(issue.Id)).LatestEvent!;
        Assert.Equal("csharp", latest.Platform);
        Assert.Equal("shop@2.0.0", latest.Release);
        var exception = Assert.Single(latest.Exception!.Values);
        Assert.Equal(SentryCheckout.EmptyCartMessage, exception.Value);
        var appFrame = exception.Stacktrace!.Frames[^1];
        Assert.True(appFrame.InApp);
        Assert.Equal(nameof(SentryCheckout.PlaceOrder), appFrame.Function);
        Assert.EndsWith($"{nameof(SentryCheckout)}.cs", appFrame.Filename);
        Assert.Equal("production", latest.Tags!["environment"]);
    }

    [Fact]
    public async Task The_python_sdk_reports_one_error_from_a_moved_line_as_one_issue_that_our_own_sdk_joins()
    {
        var project = await stack.CreateProjectAsync();
        using var app = new PythonShopApp();

        await app.RunAsync("sentry", project.Dsn, linesAbove: 0);
        await app.RunAsync("sentry", project.Dsn, linesAbove: 4);

        var triage = stack.CreateTriageClient();
        var issue = Assert.Single((await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString(), Status: IssueStatusFilter.All))).Items);
        Assert.Equal(2, issue.EventCount);
        Assert.Equal("ZeroDivisionError: division by zero", issue.Title);
        Assert.Equal("shop.views in checkout", issue.Culprit);
        var latest = (await triage.GetIssueAsync(issue.Id)).LatestEvent!;
        Assert.Equal("python", latest.Platform);
        var appFrame = latest.Exception!.Values[^1].Stacktrace!.Frames[^1];
        Assert.Equal("shop/views.py", appFrame.Filename);
        Assert.Equal("checkout", appFrame.Function);
        Assert.Equal("    return sum(cart) / len(cart)", appFrame.ContextLine);
        Assert.Equal(4 + PythonShopApp.CheckoutLine, appFrame.Lineno);

        // The same error through FiveHundreds' own Python SDK and the native endpoint: the same issue.
        await app.RunAsync("fivehundreds", stack.GetEndpoint("ingest").ToString(), linesAbove: 9, project.Key);

        var joined = Assert.Single((await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString(), Status: IssueStatusFilter.All))).Items);
        Assert.Equal(issue.Id, joined.Id);
        Assert.Equal(3, joined.EventCount);
    }

    [Fact]
    public async Task The_dotnet_sdk_s_user_tags_breadcrumbs_and_contexts_are_shown_and_two_order_numbers_make_one_issue()
    {
        var project = await stack.CreateProjectAsync();
        var options = new SentryOptions { Dsn = project.Dsn, Release = "shop@2.0.0", AutoSessionTracking = false };
        using (var client = new SentryClient(options))
        {
            foreach (var order in OrderNumbers)
            {
                var scope = new Scope(options) { User = new SentryUser { Id = "u-7", Email = "ada@example.com" } };
                scope.SetTag("region", "eu");
                scope.AddBreadcrumb(new Breadcrumb("pay clicked", "user", null, "ui.click", BreadcrumbLevel.Info));
                client.CaptureEvent(new SentryEvent { Message = OrderFailed(order), Level = SentryLevel.Warning }, scope);
            }
            await client.FlushAsync(FlushTimeout);
        }

        await AssertOneOrderIssueWithItsUserTagsAndBreadcrumbAsync(project, "csharp");
    }

    [Fact]
    public async Task The_python_sdk_s_user_tags_breadcrumbs_and_contexts_are_shown_and_two_order_numbers_make_one_issue()
    {
        var project = await stack.CreateProjectAsync();
        var script = Path.Combine(Directory.CreateTempSubdirectory("fivehundreds-sentry-python-").FullName, "orders.py");
        await File.WriteAllTextAsync(script, $$"""
            import sys

            import sentry_sdk

            sentry_sdk.init(dsn=sys.argv[1], release="shop@2.0.0")
            sentry_sdk.set_user({"id": "u-7", "email": "ada@example.com"})
            sentry_sdk.set_tag("region", "eu")
            sentry_sdk.add_breadcrumb(type="user", category="ui.click", message="pay clicked", level="info")
            for order in ({{string.Join(", ", OrderNumbers)}}):
                sentry_sdk.capture_message(f"{{OrderFailed("{order}")}}", level="warning")
            sentry_sdk.flush(30)
            """);
        try
        {
            var (exitCode, output) = await DjangoSdkPython.RunAsync([script, project.Dsn], new Dictionary<string, string>());
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(script)!, recursive: true);
        }

        await AssertOneOrderIssueWithItsUserTagsAndBreadcrumbAsync(project, "python");
    }

    private static readonly int[] OrderNumbers = [1001, 73];

    private static string OrderFailed(object order) => $"Order {order} failed: card declined";

    // What both SDKs' order events must show: one issue titled with the first message, and on its latest event the
    // user, the tag, the breadcrumb and the runtime context the SDK adds by itself.
    private async Task AssertOneOrderIssueWithItsUserTagsAndBreadcrumbAsync(ProjectKeyDto project, string platform)
    {
        var triage = stack.CreateTriageClient();
        var issue = Assert.Single((await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString(), Status: IssueStatusFilter.All))).Items);
        Assert.Equal(2, issue.EventCount);
        Assert.Equal(OrderFailed(OrderNumbers[0]), issue.Title);
        Assert.Equal(EventLevel.Warning, issue.Level);
        Assert.Equal(1, issue.UsersAffected);

        var latest = (await triage.GetIssueAsync(issue.Id)).LatestEvent!;
        Assert.Equal(platform, latest.Platform);
        Assert.Equal("u-7", latest.User!.Id);
        Assert.Equal("ada@example.com", latest.User.Email);
        Assert.Equal("eu", latest.Tags!["region"]);
        var click = Assert.Single(latest.Breadcrumbs!, b => b.Category == "ui.click");
        Assert.Equal("pay clicked", click.Message);
        Assert.True(latest.Contexts!.ContainsKey("runtime"), string.Join(", ", latest.Contexts.Keys));
    }

    // A tiny app (shop/views.py and its entry script) run with Debian's python3, which has sentry_sdk 1.9.10.
    private sealed class PythonShopApp : IDisposable
    {
        public const int CheckoutLine = 3;

        private const string Entry = """
            import sys

            from shop.views import checkout

            if sys.argv[1] == "sentry":
                import sentry_sdk

                sentry_sdk.init(dsn=sys.argv[2], release="shop@1.0")
                capture, flush = sentry_sdk.capture_exception, sentry_sdk.flush
            else:
                import fivehundreds

                fivehundreds.init(sys.argv[2], sys.argv[3], release="shop@1.0", app_root=sys.path[0])
                capture, flush = fivehundreds.capture_exception, fivehundreds.flush
            try:
                checkout([])
            except ZeroDivisionError:
                capture()
            flush(30)
            """;

        private readonly string _root = Directory.CreateTempSubdirectory("fivehundreds-sentry-python-").FullName;

        public PythonShopApp()
        {
            Directory.CreateDirectory(Path.Combine(_root, "shop"));
            File.WriteAllText(Path.Combine(_root, "shop", "__init__.py"), "");
            File.WriteAllText(Path.Combine(_root, "run.py"), Entry);
        }

        public async Task RunAsync(string sdk, string target, int linesAbove, string? key = null)
        {
            File.WriteAllText(Path.Combine(_root, "shop", "views.py"),
                string.Concat(Enumerable.Repeat("# moved down\n", linesAbove)) + "def checkout(cart):\n    \"\"\"Average price.\"\"\"\n    return sum(cart) / len(cart)\n");
            // A stale .pyc must not carry the old line numbers.
            var cache = Path.Combine(_root, "shop", "__pycache__");
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
            var (exitCode, output) = await DjangoSdkPython.RunAsync(
                [Path.Combine(_root, "run.py"), sdk, target, .. key is null ? Array.Empty<string>() : [key]],
                new Dictionary<string, string> { ["PYTHONPATH"] = DjangoSdkPython.SdkRoot, ["PYTHONDONTWRITEBYTECODE"] = "1" });
            Assert.True(exitCode == 0, output);
        }

        public void Dispose() => Directory.Delete(_root, recursive: true);
    }
}
