using Bunit;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.Tests.Ingest;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using FiveHundreds.Web.Components.Shared;
using FiveHundreds.Web.Presentation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FiveHundreds.Tests.Web;

// The issue page's activity section against the real triage API, with tokens of each scope: it shows the log to
// everyone and the comment box only to a caller the API would let comment.
[Collection(IngestCollection.Name)]
public sealed class ActivityTimelineTests(IngestFixture ingest) : FluentComponentTest
{
    // The component asks the real API, which on a loaded machine takes longer than bUnit's default second.
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(30);

    private async Task<(Guid IssueId, TriageApiClient Triage)> IssueSeenWithAsync(TokenScope scope)
    {
        var project = await ingest.CreateProjectAsync();
        var sent = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        var token = await ingest.CreateTriageClient().CreateTokenAsync(new CreateTokenRequest($"{WireWords.Of(scope)}-token", scope, [project.Id]));
        var triage = ingest.CreateTriageClient(token.Token);
        Services.AddSingleton(triage);
        Services.AddSingleton(new MarkdownRenderer());
        Services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        return (sent.IssueId, triage);
    }

    [Fact]
    public async Task A_reader_sees_the_log_without_a_comment_box()
    {
        var (issueId, _) = await IssueSeenWithAsync(TokenScope.Read);

        var timeline = Render<ActivityTimeline>(p => p.Add(t => t.IssueId, issueId));

        await timeline.WaitForAssertionAsync(() => Assert.Single(timeline.FindAll(".activity-entry[data-kind=created]")), LoadTimeout);
        Assert.Empty(timeline.FindAll(".comment-box"));
    }

    [Fact]
    public async Task A_triager_sees_the_comment_box_and_comments_render_as_sanitised_Markdown()
    {
        var (issueId, triage) = await IssueSeenWithAsync(TokenScope.Triage);
        await triage.AddCommentAsync(issueId, "**Fixed** <script>alert(1)</script> <b onclick=\"alert(2)\">raw</b>");

        var timeline = Render<ActivityTimeline>(p => p.Add(t => t.IssueId, issueId));

        await timeline.WaitForAssertionAsync(() => Assert.Single(timeline.FindAll(".comment-body")), LoadTimeout);
        Assert.Single(timeline.FindAll(".comment-box"));
        var comment = timeline.Find(".comment-body");
        Assert.Equal("Fixed", comment.QuerySelector("strong")!.TextContent);
        Assert.Empty(comment.QuerySelectorAll("script, b, [onclick]"));
        Assert.Contains("triage-token", timeline.Find(".activity-entry[data-kind=comment] .activity-actor").TextContent);
    }
}
