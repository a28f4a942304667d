using System.Net;
using System.Net.Http.Headers;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

// An issue's activity log through the real in-process ingest: what the intake writes on its own (created,
// regressed) and what callers do, each with the token that did it.
[Collection(IngestCollection.Name)]
public sealed class ActivityApiTests(IngestFixture ingest)
{
    private const int CommentLimit = 16 * 1024;

    private async Task<(ProjectKeyDto Project, TriageApiClient Triage, string TokenName)> ProjectWithTriageTokenAsync()
    {
        var project = await ingest.CreateProjectAsync();
        var name = "triage-bot-" + Guid.NewGuid().ToString("N")[..6];
        var token = await ingest.CreateTriageClient().CreateTokenAsync(new CreateTokenRequest(name, TokenScope.Triage, [project.Id]));
        return (project, ingest.CreateTriageClient(token.Token), name);
    }

    private static ActorDto ByToken(string name) => new(name, null, name);

    [Fact]
    public async Task The_log_holds_creation_resolution_regression_ticket_and_comment_newest_first_with_who_acted()
    {
        var (project, triage, name) = await ProjectWithTriageTokenAsync();
        var sent = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        await triage.UpdateIssueStatusAsync(sent.IssueId, IssueStatus.Resolved);
        await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        var ticket = await triage.CreateTicketFromIssueAsync(sent.IssueId);
        var comment = await triage.AddCommentAsync(sent.IssueId, "Caused by the **coupon** change.");

        var page = await triage.ListIssueActivityAsync(sent.IssueId);

        Assert.Equal(
            [IssueActivityKind.Comment, IssueActivityKind.TicketCreated, IssueActivityKind.Regressed, IssueActivityKind.Resolved, IssueActivityKind.Created],
            page.Items.Select(a => a.Kind));
        Assert.Equal([ByToken(name), ByToken(name), null, ByToken(name), null], page.Items.Select(a => a.Actor));
        Assert.Equal(comment.Id, page.Items[0].Id);
        Assert.Equal("Caused by the **coupon** change.", page.Items[0].Body);
        Assert.Equal(ticket.Id, page.Items[1].TicketId);
        Assert.All(page.Items, a => Assert.Equal(sent.IssueId, a.IssueId));
        Assert.True(page.CanComment);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Setting_the_status_an_issue_already_has_logs_nothing_and_a_reopening_says_who()
    {
        var (project, triage, name) = await ProjectWithTriageTokenAsync();
        var sent = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());

        await triage.UpdateIssueStatusAsync(sent.IssueId, IssueStatus.Unresolved);
        await triage.UpdateIssueStatusAsync(sent.IssueId, IssueStatus.Resolved);
        await triage.UpdateIssueStatusAsync(sent.IssueId, IssueStatus.Resolved);
        await triage.UpdateIssueStatusAsync(sent.IssueId, IssueStatus.Unresolved);

        var page = await triage.ListIssueActivityAsync(sent.IssueId);
        Assert.Equal([IssueActivityKind.Reopened, IssueActivityKind.Resolved, IssueActivityKind.Created], page.Items.Select(a => a.Kind));
        Assert.Equal(ByToken(name), page.Items[0].Actor);
    }

    [Fact]
    public async Task A_bug_reported_by_hand_is_logged_as_created_by_the_token_that_reported_it()
    {
        var (project, triage, name) = await ProjectWithTriageTokenAsync();

        var issue = await triage.CreateIssueAsync(new CreateIssueRequest(project.Slug, "Coupon field accepts letters", "Seen on iOS."));

        var created = Assert.Single((await triage.ListIssueActivityAsync(issue.Id)).Items);
        Assert.Equal((IssueActivityKind.Created, ByToken(name)), (created.Kind, created.Actor));
    }

    [Fact]
    public async Task The_admin_token_acts_under_the_name_admin()
    {
        var project = await ingest.CreateProjectAsync();
        var sent = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());

        var comment = await ingest.CreateTriageClient().AddCommentAsync(sent.IssueId, "Known.");

        Assert.Equal(ByToken("admin"), comment.Actor);
    }

    [Fact]
    public async Task A_read_token_sees_the_log_but_may_not_comment()
    {
        var project = await ingest.CreateProjectAsync();
        var sent = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        var token = await ingest.CreateTriageClient().CreateTokenAsync(new CreateTokenRequest("reader", TokenScope.Read, [project.Id]));
        var reader = ingest.CreateTriageClient(token.Token);

        var page = await reader.ListIssueActivityAsync(sent.IssueId);

        Assert.False(page.CanComment);
        Assert.Equal(IssueActivityKind.Created, Assert.Single(page.Items).Kind);
        var refused = await Assert.ThrowsAsync<TriageApiException>(() => reader.AddCommentAsync(sent.IssueId, "Me too."));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Comments_are_kept_as_written_up_to_the_limit_and_bad_ones_are_400_problems()
    {
        var project = await ingest.CreateProjectAsync();
        var sent = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        var triage = ingest.CreateTriageClient();
        const string Hostile = "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> **bold**  \n";

        Assert.Equal(Hostile, (await triage.AddCommentAsync(sent.IssueId, Hostile)).Body);
        Assert.Equal(CommentLimit, (await triage.AddCommentAsync(sent.IssueId, new string('x', CommentLimit))).Body!.Length);

        using var client = ingest.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ingest.AdminToken);
        string[] bodies =
        [
            """{"body": ""}""", """{"body": "  \n "}""", """{"body": null}""", "{}", """{"body": "a\u0000b"}""",
            $$"""{"body": "{{new string('x', CommentLimit + 1)}}"}""", """{"body": "\ud800 lone surrogate"}""", """{"body": 42}""", "not json",
        ];
        foreach (var body in bodies)
        {
            using var response = await client.PostAsync($"/api/v1/issues/{sent.IssueId}/comments",
                new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body[..Math.Min(body.Length, 40)]}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(3, (await triage.ListIssueActivityAsync(sent.IssueId)).Items.Count);
    }

    [Fact]
    public async Task Unknown_issues_are_404_and_the_log_pages_without_skipping_or_repeating()
    {
        var project = await ingest.CreateProjectAsync();
        var sent = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        var triage = ingest.CreateTriageClient();
        for (var i = 0; i < 4; i++)
        {
            await triage.AddCommentAsync(sent.IssueId, $"note {i}");
        }

        var seen = new List<string?>();
        string? cursor = null;
        do
        {
            var page = await triage.ListIssueActivityAsync(sent.IssueId, cursor, limit: 2);
            seen.AddRange(page.Items.Select(a => a.Body));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["note 3", "note 2", "note 1", "note 0", null], seen);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<TriageApiException>(() => triage.ListIssueActivityAsync(Guid.NewGuid()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<TriageApiException>(() => triage.AddCommentAsync(Guid.NewGuid(), "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<TriageApiException>(() => triage.ListIssueActivityAsync(sent.IssueId, "garbage"))).StatusCode);
    }
}
