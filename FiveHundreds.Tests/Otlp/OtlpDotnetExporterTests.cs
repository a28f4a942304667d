using System.Text.Json;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Otlp;

[Collection(IngestCollection.Name)]
public sealed class OtlpDotnetExporterTests(IngestFixture ingest)
{
    [Fact]
    public async Task An_exception_in_an_aspnetcore_endpoint_arrives_through_the_dotnet_exporter_with_type_frames_route_release_and_trace()
    {
        var project = await ingest.CreateProjectAsync();
        await using var app = await OtlpDotnetApp.StartAsync(ingest.Factory.Server, project.Key);

        var traceId = await app.GetFailingAsync("/refund/0");

        var issue = Assert.Single(await FlushedIssuesAsync(app, project.Id, events: 1));
        Assert.Equal("System.InvalidOperationException: refund 17 failed", issue.Title);
        Assert.Equal($"{typeof(OtlpDotnetEndpoints).FullName} in {nameof(OtlpDotnetEndpoints.Refund)}", issue.Culprit);
        var latest = (await ingest.CreateTriageClient().GetIssueAsync(issue.Id)).LatestEvent!;
        var frames = latest.Exception!.Values[0].Stacktrace!.Frames;
        Assert.Equal(nameof(OtlpDotnetEndpoints.Refund), frames.Last(f => f.InApp).Function);
        Assert.Contains(frames, f => !f.InApp && f.Module!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Equal(OtlpDotnetApp.ServiceVersion, latest.Release);
        Assert.Equal(OtlpDotnetApp.RefundRoute, latest.Tags!["http.route"]);
        Assert.Equal(OtlpDotnetApp.ServiceName, latest.Tags!["service.name"]);
        Assert.Equal("dotnet", latest.Tags!["telemetry.sdk.language"]);
        Assert.Equal("GET", latest.Request!.Method);
        Assert.EndsWith("/refund/0", latest.Request!.Url);
        Assert.Equal(traceId, latest.Extra!.Value.GetProperty("contexts").GetProperty("trace").GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task Two_throws_of_one_function_from_different_lines_are_one_issue()
    {
        var project = await ingest.CreateProjectAsync();
        await using var app = await OtlpDotnetApp.StartAsync(ingest.Factory.Server, project.Key);

        await app.GetFailingAsync("/refund/0");
        await app.GetFailingAsync("/refund/1");

        var issue = Assert.Single(await FlushedIssuesAsync(app, project.Id, events: 2));
        Assert.Equal(2, issue.EventCount);
    }

    // The server ends a request's span just after its answer is sent, so a flush right after the answer may come
    // before the span is done: flushed again until the events are there, for a bounded time.
    private async Task<IReadOnlyList<IssueSummaryDto>> FlushedIssuesAsync(OtlpDotnetApp app, Guid project, int events)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            app.Flush();
            var issues = (await ingest.CreateTriageClient().ListIssuesAsync(new IssueQuery(Project: project.ToString()))).Items;
            if (issues.Sum(i => i.EventCount) >= events || DateTime.UtcNow > deadline)
            {
                return issues;
            }
            await Task.Delay(200);
        }
    }
}
