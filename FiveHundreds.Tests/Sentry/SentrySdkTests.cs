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
