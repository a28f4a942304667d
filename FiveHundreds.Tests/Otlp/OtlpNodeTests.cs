using System.Diagnostics;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Otlp;

// A real Node.js service with @opentelemetry/sdk-node and the OTLP/HTTP protobuf trace exporter from npm
// (Otlp/node/package.json), configured only through the standard OTEL_* variables.
[Collection(IngestCollection.Name)]
public sealed class OtlpNodeTests(IngestFixture ingest)
{
    private const string ServiceVersion = "5.0.3";

    private static readonly string AppFolder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Otlp", "node");

    [Fact]
    public async Task Exceptions_recorded_by_a_node_service_arrive_with_type_frames_route_release_and_trace_and_a_moved_line_stays_one_issue()
    {
        var project = await ingest.CreateProjectAsync();
        await using var port = await IngestLoopbackPort.StartAsync(ingest.Factory.Server);
        await NpmPackages.EnsureInstalledAsync(AppFolder, Path.Combine("@opentelemetry", "sdk-node"));

        var start = new ProcessStartInfo("node", "app.js") { WorkingDirectory = AppFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = port.Address.ToString().TrimEnd('/');
        start.Environment["OTEL_EXPORTER_OTLP_HEADERS"] = $"X-Monolynx-Key={project.Key}";
        start.Environment["OTEL_SERVICE_NAME"] = "refunds";
        start.Environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.version={ServiceVersion},deployment.environment.name=staging";
        using var node = Process.Start(start)!;
        try
        {
            var listening = await node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("listening on ", listening);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listening!["listening on ".Length..]}") };
            using var first = await http.GetAsync("/refund/0");
            using var second = await http.GetAsync("/refund/1");
            Assert.Equal(System.Net.HttpStatusCode.InternalServerError, first.StatusCode);
            (await http.GetAsync("/shutdown")).Dispose();
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            var triage = ingest.CreateTriageClient();
            var issue = Assert.Single((await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString()))).Items);
            Assert.Equal(2, issue.EventCount);
            Assert.Equal("refund.js in refund", issue.Culprit);
            var latest = (await triage.GetIssueAsync(issue.Id)).LatestEvent!;
            Assert.Equal("TypeError", latest.Exception!.Values[0].Type);
            Assert.Equal(["refund"], latest.Exception.Values[0].Stacktrace!.Frames.Where(f => f.InApp && f.Filename == "refund.js").Select(f => f.Function));
            Assert.Equal(ServiceVersion, latest.Release);
            Assert.Equal("/refund/:variant", latest.Tags!["http.route"]);
            Assert.Equal("staging", latest.Tags!["environment"]);
            Assert.Equal("nodejs", latest.Platform);
            Assert.Equal(second.Headers.GetValues("x-trace-id").Single(),
                latest.Extra!.Value.GetProperty("contexts").GetProperty("trace").GetProperty("trace_id").GetString());
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill();
            }
        }
    }
}
