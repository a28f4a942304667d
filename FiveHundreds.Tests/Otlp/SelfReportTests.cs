using System.Diagnostics;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Otlp;

[Collection(StackCollection.Name)]
public sealed class SelfReportTests(StackFixture stack)
{
    [Fact]
    public async Task An_exception_thrown_inside_the_web_service_becomes_an_issue_in_the_built_in_FiveHundreds_project()
    {
        // The sign-in page binds "failed" as a boolean: Blazor throws on a value it cannot parse, an unhandled
        // exception of the web service that its exception handler logs.
        using var web = stack.CreateHttpClient("web");
        var marker = "maybe" + Guid.NewGuid().ToString("N")[..8];
        using (var response = await web.GetAsync($"/signin?failed={marker}"))
        {
            Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        }

        var triage = stack.CreateTriageClient();
        var project = Assert.Single(await triage.ListProjectsAsync(), p => p.Slug == SelfReportProjectService.Slug);
        Assert.Equal(SelfReportOptions.ProjectName, project.Name);
        var started = Stopwatch.GetTimestamp();
        IssueSummaryDto? issue = null;
        // The log exporter sends its batch every few seconds.
        while (issue is null && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
        {
            var page = await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString(), Query: marker));
            issue = page.Items.FirstOrDefault();
            await Task.Delay(issue is null ? 1000 : 0);
        }

        Assert.NotNull(issue);
        Assert.Contains("InvalidOperationException", issue.Title);
        var latest = (await triage.GetIssueAsync(issue.Id)).LatestEvent!;
        Assert.Equal("web", latest.Tags!["service.name"]);
    }
}
