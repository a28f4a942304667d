using FiveHundreds.Sdk;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Sdks;

// The SDK against the real ingest of the started stack: what an ASP.NET Core app's error looks like when
// a developer opens it.
[Collection(StackCollection.Name)]
public sealed class DotnetSdkIngestTests(StackFixture stack)
{
    private const string SecretVariable = "FIVEHUNDREDS_TEST_DB_PASSWORD";

    [Fact]
    public async Task Two_errors_from_one_line_arrive_as_one_issue_under_the_app_frame_with_the_request_and_secrets_filtered()
    {
        var project = await stack.CreateProjectAsync();
        // Before the app starts: the SDK reads the environment once.
        Environment.SetEnvironmentVariable(SecretVariable, "s3cr3t-value");
        await using var app = await DotnetSdkTestApp.StartAsync(stack.GetEndpoint("ingest"), project.Key, o => o.Release = "shop@1.4.2");

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/boom?page=2&token=abc") { Headers = { { "X-Shop-Secret", "hunter2" } } };
            using var response = await app.Http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        }
        Assert.True(await app.Sdk.FlushAsync(TimeSpan.FromSeconds(30)), "events still queued");

        Assert.Equal(2, app.Sdk.SentCount);
        var triage = stack.CreateTriageClient();
        var issue = Assert.Single((await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString(), Status: IssueStatusFilter.All))).Items);
        Assert.Equal(2, issue.EventCount);
        Assert.Equal($"{typeof(DotnetSdkTestEndpoints).FullName} in {nameof(DotnetSdkTestEndpoints.Boom)}", issue.Culprit);
        var sdkEvent = (await triage.GetIssueAsync(issue.Id)).LatestEvent!;
        Assert.Equal("csharp", sdkEvent.Platform);
        Assert.Equal("shop@1.4.2", sdkEvent.Release);
        var exception = Assert.Single(sdkEvent.Exception!.Values);
        Assert.Equal($"{typeof(InvalidOperationException).FullName}", exception.Type);
        var appFrame = exception.Stacktrace!.Frames.Last(f => f.InApp);
        Assert.Equal("FiveHundreds.Tests/Sdks/DotnetSdkTestApp.cs", appFrame.Filename);
        Assert.Equal(nameof(DotnetSdkTestEndpoints.Boom), appFrame.Function);
        Assert.Contains("throw new InvalidOperationException(BoomMessage)", appFrame.ContextLine);
        Assert.False(exception.Stacktrace.Frames[0].InApp);
        Assert.Equal("GET", sdkEvent.Request!.Method);
        Assert.Equal(new Uri(app.Http.BaseAddress!, "/boom?page=2&token=%5BFiltered%5D").ToString(), sdkEvent.Request.Url);
        Assert.Equal(SecretScrubber.Filtered, sdkEvent.Request.Headers!["X-Shop-Secret"]);
        Assert.Equal(SecretScrubber.Filtered, sdkEvent.Environment![SecretVariable]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), sdkEvent.Environment["PATH"]);
    }

    [Fact]
    public async Task The_same_error_from_another_line_of_the_function_joins_the_issue()
    {
        var project = await stack.CreateProjectAsync();
        await using var app = await DotnetSdkTestApp.StartAsync(stack.GetEndpoint("ingest"), project.Key);

        foreach (var variant in new[] { 0, 1 })
        {
            using var response = await app.Http.GetAsync($"/refund/{variant}");
            Assert.True(await app.Sdk.FlushAsync(TimeSpan.FromSeconds(30)), "events still queued");
        }

        var triage = stack.CreateTriageClient();
        var issue = Assert.Single((await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString(), Status: IssueStatusFilter.All))).Items);
        Assert.Equal(2, issue.EventCount);
        var events = (await triage.ListIssueEventsAsync(issue.Id)).Items;
        var lines = await Task.WhenAll(events.Select(async e =>
            (await triage.GetEventAsync(e.Id)).Exception!.Values.Single().Stacktrace!.Frames.Last(f => f.InApp).Lineno));
        Assert.Equal(2, lines.Distinct().Count());
    }
}
