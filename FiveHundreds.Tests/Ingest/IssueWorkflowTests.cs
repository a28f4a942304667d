using System.Net;
using System.Text.Json.Nodes;
using FiveHundreds.Rendering.Workflow;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

[Collection(IngestCollection.Name)]
public sealed class IssueWorkflowTests(IngestFixture ingest)
{
    private async Task<EventAcceptedDto> SendAsync(ProjectKeyDto project, string? release = "shop@1.4.2")
    {
        var error = EventSamples.DivisionInCheckout();
        error["release"] = release;
        return await ingest.SendEventAsync(project.Key, error.Json());
    }

    private async Task<IssueStatus> StatusAfterEventAsync(ProjectKeyDto project, Guid issueId, string? release)
    {
        await SendAsync(project, release);
        return (await ingest.CreateTriageClient().GetIssueAsync(issueId)).Issue.Status;
    }

    [Fact]
    public async Task An_issue_ignored_until_three_more_events_counts_them_out_of_the_unresolved_list_and_returns_on_the_third()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var first = await SendAsync(project);
        await triage.UpdateIssueAsync(first.IssueId, new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(MoreEvents: 3)));

        await SendAsync(project);
        await SendAsync(project);

        var held = await triage.GetIssueAsync(first.IssueId);
        Assert.Equal(IssueStatus.Ignored, held.Issue.Status);
        Assert.Equal(3, held.Issue.EventCount);
        Assert.Equal(2, held.Ignore!.EventsSince);
        Assert.StartsWith("Ignored until 3 more events (2 so far)", IssueWorkflowText.Ignore(held.Issue.Status, held.Ignore));
        var unresolved = await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.Unresolved));
        Assert.Empty(unresolved.Items);
        Assert.Equal(new IssueCountsDto(0, 0, 1), unresolved.Counts);
        Assert.Equal(first.IssueId, Assert.Single((await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.Ignored))).Items).Id);

        await SendAsync(project);

        var returned = await triage.GetIssueAsync(first.IssueId);
        Assert.Equal(IssueStatus.Unresolved, returned.Issue.Status);
        Assert.False(returned.Issue.Regressed);
        Assert.NotNull(returned.Ignore!.ReturnedAt);
        Assert.StartsWith("Returned from ignore: 3 more events arrived", IssueWorkflowText.Ignore(returned.Issue.Status, returned.Ignore));
    }

    // One Sentry event of one issue, hitting the user with this id.
    private async Task SendFromUserAsync(ProjectKeyDto project, string userId) =>
        await ingest.SendSentryEventAsync(project.Dsn, new JsonObject
        {
            ["platform"] = "python",
            ["user"] = new JsonObject { ["id"] = userId },
            ["exception"] = new JsonObject
            {
                ["values"] = new JsonArray(new JsonObject
                {
                    ["type"] = "PaymentError",
                    ["value"] = "card declined",
                    ["stacktrace"] = new JsonObject
                    {
                        ["frames"] = new JsonArray(new JsonObject { ["filename"] = "shop/pay.py", ["function"] = "pay", ["in_app"] = true }),
                    },
                }),
            },
        }.Json());

    [Fact]
    public async Task An_issue_ignored_until_three_more_users_returns_when_the_third_new_user_is_hit()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        await SendFromUserAsync(project, "ann");
        var issueId = Assert.Single((await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString()))).Items).Id;
        await triage.UpdateIssueAsync(issueId, new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(MoreUsers: 3)));

        // Ann was hit before the ignore, and Bob twice: two new users so far.
        foreach (var user in new[] { "ann", "bob", "bob", "cy" })
        {
            await SendFromUserAsync(project, user);
        }
        var held = await triage.GetIssueAsync(issueId);
        Assert.Equal((IssueStatus.Ignored, 5L, 2L), (held.Issue.Status, held.Issue.EventCount, held.Ignore!.UsersSince));

        await SendFromUserAsync(project, "dee");

        var returned = await triage.GetIssueAsync(issueId);
        Assert.Equal(IssueStatus.Unresolved, returned.Issue.Status);
        Assert.StartsWith("Returned from ignore: 3 more users were hit", IssueWorkflowText.Ignore(returned.Issue.Status, returned.Ignore));
        Assert.Equal(IssueActivityKind.ReturnedFromIgnore, (await triage.ListIssueActivityAsync(issueId)).Items[0].Kind);
    }

    [Fact]
    public async Task Ignoring_is_logged_with_who_ignored_and_the_return_as_the_intake_s_own_entry()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var first = await SendAsync(project);
        await triage.UpdateIssueAsync(first.IssueId, new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(MoreEvents: 1)));

        await SendAsync(project);

        var log = (await triage.ListIssueActivityAsync(first.IssueId)).Items;
        Assert.Equal([IssueActivityKind.ReturnedFromIgnore, IssueActivityKind.Ignored, IssueActivityKind.Created], log.Select(a => a.Kind));
        Assert.Null(log[0].Actor);
        Assert.NotNull(log[1].Actor);
    }

    [Fact]
    public async Task Resolving_in_the_next_release_is_logged_as_such_and_resolving_again_as_a_plain_resolve()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var first = await SendAsync(project, "shop@2.0.0");

        await triage.UpdateIssueAsync(first.IssueId, new UpdateIssueRequest(IssueStatus.Resolved, InNextRelease: true));
        await triage.UpdateIssueAsync(first.IssueId, new UpdateIssueRequest(IssueStatus.Resolved));
        await triage.UpdateIssueAsync(first.IssueId, new UpdateIssueRequest(IssueStatus.Resolved));

        var log = (await triage.ListIssueActivityAsync(first.IssueId)).Items;
        Assert.Equal([IssueActivityKind.Resolved, IssueActivityKind.ResolvedInNextRelease, IssueActivityKind.Created], log.Select(a => a.Kind));
        Assert.Null((await triage.GetIssueAsync(first.IssueId)).ResolvedAfterRelease);
    }

    [Fact]
    public async Task An_issue_ignored_forever_stays_ignored_and_counts_its_events()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var first = await SendAsync(project);
        await triage.UpdateIssueAsync(first.IssueId, new UpdateIssueRequest(IssueStatus.Ignored));

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SendAsync(project)));

        var issue = await triage.GetIssueAsync(first.IssueId);
        Assert.Equal(IssueStatus.Ignored, issue.Issue.Status);
        Assert.Equal(6, issue.Issue.EventCount);
        Assert.StartsWith("Ignored forever", IssueWorkflowText.Ignore(issue.Issue.Status, issue.Ignore));
    }

    [Fact]
    public async Task Stopping_an_ignore_by_hand_forgets_it()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var first = await SendAsync(project);
        await triage.UpdateIssueAsync(first.IssueId, new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(MoreEvents: 1)));

        await triage.UpdateIssueStatusAsync(first.IssueId, IssueStatus.Unresolved);

        var issue = await triage.GetIssueAsync(first.IssueId);
        Assert.Null(issue.Ignore);
        Assert.Equal(IssueStatus.Unresolved, await StatusAfterEventAsync(project, first.IssueId, "shop@1.4.2"));
    }

    public static TheoryData<UpdateIssueRequest, string> BadChanges => new()
    {
        { new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(DateTimeOffset.UtcNow.AddHours(1), 3)), "one condition" },
        { new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(MoreEvents: 3, MoreUsers: 3)), "one condition" },
        { new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(MoreUsers: 0)), "more_users must be from 1" },
        { new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(Until: DateTimeOffset.UtcNow.AddMinutes(-1))), "in the future" },
        { new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(MoreEvents: 0)), "from 1" },
        { new UpdateIssueRequest(IssueStatus.Resolved, new IgnoreConditionDto(MoreEvents: 3)), "only for status ignored" },
        { new UpdateIssueRequest(IssueStatus.Ignored, InNextRelease: true), "only for status resolved" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task A_status_change_that_makes_no_sense_is_refused_with_what_is_wrong(UpdateIssueRequest request, string expected)
    {
        var project = await ingest.CreateProjectAsync();
        var first = await SendAsync(project);

        var refused = await Assert.ThrowsAsync<TriageApiException>(() => ingest.CreateTriageClient().UpdateIssueAsync(first.IssueId, request));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public async Task Resolved_in_the_next_release_only_a_semver_newer_release_regresses_it()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var first = await SendAsync(project, "shop@1.10.0");
        await SendAsync(project, "shop@1.9.3");

        await triage.UpdateIssueAsync(first.IssueId, new UpdateIssueRequest(IssueStatus.Resolved, InNextRelease: true));

        Assert.Equal("shop@1.10.0", (await triage.GetIssueAsync(first.IssueId)).ResolvedAfterRelease);
        Assert.Equal(IssueStatus.Resolved, await StatusAfterEventAsync(project, first.IssueId, "shop@1.10.0"));
        Assert.Equal(IssueStatus.Resolved, await StatusAfterEventAsync(project, first.IssueId, "shop@1.9.3"));
        Assert.Equal(IssueStatus.Resolved, await StatusAfterEventAsync(project, first.IssueId, null));
        Assert.Equal(IssueStatus.Resolved, await StatusAfterEventAsync(project, first.IssueId, "shop@1.10.0-rc.1"));
        Assert.Equal(IssueStatus.Unresolved, await StatusAfterEventAsync(project, first.IssueId, "shop@1.11.0"));
        var issue = await triage.GetIssueAsync(first.IssueId);
        Assert.True(issue.Issue.Regressed);
        Assert.Equal(7, issue.Issue.EventCount);
    }

    [Fact]
    public async Task Resolved_in_the_next_release_names_without_a_version_order_by_when_they_were_first_received()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var first = await SendAsync(project, "9f8e7d6");
        await SendAsync(project, "1a2b3c4");

        await triage.UpdateIssueAsync(first.IssueId, new UpdateIssueRequest(IssueStatus.Resolved, InNextRelease: true));

        Assert.Equal("1a2b3c4", (await triage.GetIssueAsync(first.IssueId)).ResolvedAfterRelease);
        Assert.Equal(IssueStatus.Resolved, await StatusAfterEventAsync(project, first.IssueId, "9f8e7d6"));
        Assert.Equal(IssueStatus.Unresolved, await StatusAfterEventAsync(project, first.IssueId, "0c0ffee"));
    }

    [Fact]
    public async Task Resolving_in_the_next_release_a_project_that_never_sent_a_release_is_refused()
    {
        var project = await ingest.CreateProjectAsync();
        var first = await SendAsync(project, null);

        var refused = await Assert.ThrowsAsync<TriageApiException>(() => ingest.CreateTriageClient()
            .UpdateIssueAsync(first.IssueId, new UpdateIssueRequest(IssueStatus.Resolved, InNextRelease: true)));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("never named one", refused.Message);
    }
}
