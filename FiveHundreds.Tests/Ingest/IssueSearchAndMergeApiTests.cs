using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

[Collection(IngestCollection.Name)]
public sealed class IssueSearchAndMergeApiTests(IngestFixture ingest)
{
    private static string SentryEvent(string type, string level = "error", string release = "2.0.0", string environment = "production",
        string userId = "u-1", string region = "eu") => new JsonObject
    {
        ["platform"] = "python",
        ["level"] = level,
        ["release"] = release,
        ["environment"] = environment,
        ["user"] = new JsonObject { ["id"] = userId, ["email"] = $"{userId}@example.com" },
        ["tags"] = new JsonObject { ["region"] = region },
        ["exception"] = new JsonObject
        {
            ["values"] = new JsonArray(new JsonObject
            {
                ["type"] = type,
                ["value"] = "boom",
                ["stacktrace"] = new JsonObject
                {
                    ["frames"] = new JsonArray(new JsonObject { ["filename"] = "shop/cart.py", ["function"] = type.ToLowerInvariant(), ["in_app"] = true }),
                },
            }),
        },
    }.ToJsonString();

    private async Task<(ProjectKeyDto Project, Dictionary<string, Guid> Issues)> ProjectWithIssuesAsync()
    {
        var project = await ingest.CreateProjectAsync();
        await ingest.SendSentryEventAsync(project.Dsn, SentryEvent("PaymentError"));
        await ingest.SendSentryEventAsync(project.Dsn, SentryEvent("StockWarning", level: "warning"));
        await ingest.SendSentryEventAsync(project.Dsn, SentryEvent("LegacyError", release: "1.0.0", environment: "staging", userId: "u-2", region: "us"));
        var page = await ingest.CreateTriageClient().ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.All));
        return (project, page.Items.ToDictionary(i => i.Title.Split(':')[0], i => i.Id));
    }

    private async Task<IReadOnlyList<string>> TitlesAsync(ProjectKeyDto project, string? query, string? environment = null, string? release = null)
    {
        var page = await ingest.CreateTriageClient().ListIssuesAsync(
            new IssueQuery(project.Id.ToString(), IssueStatusFilter.All, query, Environment: environment, Release: release));
        return [.. page.Items.Select(i => i.Title.Split(':')[0]).Order()];
    }

    [Fact]
    public async Task Search_terms_narrow_the_list_by_release_level_environment_tag_user_and_text()
    {
        var (project, _) = await ProjectWithIssuesAsync();

        Assert.Equal(["PaymentError"], await TitlesAsync(project, "release:2.0.0 level:error"));
        Assert.Equal(["LegacyError"], await TitlesAsync(project, "environment:staging"));
        Assert.Equal(["PaymentError", "StockWarning"], await TitlesAsync(project, "region:eu"));
        Assert.Equal(["LegacyError"], await TitlesAsync(project, "user.id:u-2"));
        Assert.Equal(["PaymentError", "StockWarning"], await TitlesAsync(project, "user.email:u-1@example.com"));
        Assert.Equal(["StockWarning"], await TitlesAsync(project, "\"StockWarning: boom\""));
        Assert.Empty(await TitlesAsync(project, "release:3.0.0"));
        Assert.Equal(["PaymentError", "StockWarning"], await TitlesAsync(project, "is:unresolved", environment: "production"));
        Assert.Equal(["LegacyError"], await TitlesAsync(project, null, release: "1.0.0"));
        Assert.Empty(await TitlesAsync(project, "is:ignored"));
    }

    [Fact]
    public async Task Is_in_the_query_picks_the_status_while_the_counts_stay_those_of_the_search()
    {
        var (project, issues) = await ProjectWithIssuesAsync();
        var triage = ingest.CreateTriageClient();
        await triage.UpdateIssueStatusAsync(issues["PaymentError"], IssueStatus.Resolved);

        var page = await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.Unresolved, "is:resolved region:eu"));

        Assert.Equal(issues["PaymentError"], Assert.Single(page.Items).Id);
        Assert.Equal(new IssueCountsDto(1, 1, 0), page.Counts);
    }

    [Theory]
    [InlineData("level:loud", 1)]
    [InlineData("checkout browser:\"Chrome", 18)]
    public async Task A_bad_query_is_a_400_problem_with_its_position_and_reason(string query, int position)
    {
        using var client = ingest.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ingest.AdminToken);

        using var response = await client.GetAsync("/api/v1/issues" + UrlQuery.Of(("query", query)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(position, problem.GetProperty("position").GetInt32());
        Assert.StartsWith($"query: at character {position}, ", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Merged_issues_become_one_with_counts_users_and_facets_combined_and_later_events_follow()
    {
        var (project, issues) = await ProjectWithIssuesAsync();
        var triage = ingest.CreateTriageClient();
        var target = issues["PaymentError"];

        var merged = await triage.MergeIssuesAsync(target, [issues["LegacyError"], issues["StockWarning"]]);

        Assert.Equal(target, merged.Id);
        Assert.Equal(3, merged.EventCount);
        Assert.Equal(2, merged.UsersAffected);
        // The first event (PaymentError's) was of 2.0.0, the last one (LegacyError's) of 1.0.0.
        Assert.Equal(("2.0.0", "1.0.0"), (merged.FirstRelease, merged.LastRelease));
        var page = await triage.ListIssuesAsync(new IssueQuery(project.Id.ToString(), IssueStatusFilter.All));
        Assert.Equal(target, Assert.Single(page.Items).Id);
        var missing = await Assert.ThrowsAsync<TriageApiException>(() => triage.GetIssueAsync(issues["LegacyError"]));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        await ingest.SendSentryEventAsync(project.Dsn, SentryEvent("LegacyError", release: "1.0.0", environment: "staging", userId: "u-3"));

        var detail = await triage.GetIssueAsync(target);
        Assert.Equal(4, detail.Issue.EventCount);
        Assert.Equal(3, detail.Issue.UsersAffected);
        Assert.Equal(target, detail.LatestEvent!.IssueId);
        var releases = detail.Facets!.Single(f => f.Key == "release").TopValues;
        Assert.Equal([("1.0.0", 2L), ("2.0.0", 2L)], releases.Select(v => (v.Value, v.Count)));
        Assert.Equal(4, (await triage.ListIssueEventsAsync(target)).Items.Count);
        Assert.Equal(4, detail.EventsPerDay.Sum(d => d.Count));
    }

    [Fact]
    public async Task A_merge_into_an_ignored_issue_keeps_it_ignored_and_the_merged_events_are_not_more_events()
    {
        var (project, issues) = await ProjectWithIssuesAsync();
        var triage = ingest.CreateTriageClient();
        var target = issues["PaymentError"];
        await triage.UpdateIssueAsync(target, new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(MoreEvents: 2)));

        await triage.MergeIssuesAsync(target, [issues["LegacyError"], issues["StockWarning"]]);

        var merged = await triage.GetIssueAsync(target);
        Assert.Equal((IssueStatus.Ignored, 3L, 0L), (merged.Issue.Status, merged.Issue.EventCount, merged.Ignore!.EventsSince));
        Assert.Equal(["PaymentError"], await TitlesAsync(project, "is:ignored"));
        await ingest.SendSentryEventAsync(project.Dsn, SentryEvent("LegacyError"));
        Assert.Equal(IssueStatus.Ignored, (await triage.GetIssueAsync(target)).Issue.Status);
        await ingest.SendSentryEventAsync(project.Dsn, SentryEvent("StockWarning"));
        Assert.Equal(IssueStatus.Unresolved, (await triage.GetIssueAsync(target)).Issue.Status);
    }

    [Fact]
    public async Task Merging_issues_of_two_projects_or_an_unknown_issue_is_refused_and_changes_nothing()
    {
        var (_, first) = await ProjectWithIssuesAsync();
        var (_, second) = await ProjectWithIssuesAsync();
        var triage = ingest.CreateTriageClient();

        var across = await Assert.ThrowsAsync<TriageApiException>(() => triage.MergeIssuesAsync(first["PaymentError"], [second["PaymentError"]]));
        Assert.Equal(HttpStatusCode.BadRequest, across.StatusCode);
        var unknown = await Assert.ThrowsAsync<TriageApiException>(() => triage.MergeIssuesAsync(first["PaymentError"], [Guid.NewGuid()]));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        Assert.Equal(1, (await triage.GetIssueAsync(second["PaymentError"])).Issue.EventCount);
    }
}
