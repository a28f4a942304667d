using System.Text.Json.Nodes;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

// Users affected, facets and first/last release are kept by the group commit; these tests read them back through
// the triage API after real Sentry envelopes went through the intake.
[Collection(IngestCollection.Name)]
public sealed class IssueAggregatesTests(IngestFixture ingest)
{
    private const int Events = 1000;
    private const int Users = 50;

    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-2);

    // User u: ids for the first 30, an email only for the next 10, an ip only for the last 10.
    private static JsonObject UserOf(int u) => u switch
    {
        < 30 => new JsonObject { ["id"] = $"user-{u}", ["email"] = $"user{u}@example.com" },
        < 40 => new JsonObject { ["email"] = $"user{u}@example.com" },
        _ => new JsonObject { ["ip_address"] = $"198.51.100.{u}" },
    };

    // Event i: one second after event i-1, release 1.0.0 for the first 334, 1.1.0 for the next 333, then 2.0.0.
    private static string ReleaseOf(int i) => i < 334 ? "1.0.0" : i < 667 ? "1.1.0" : "2.0.0";

    private static string EventJson(int i, string function = "pay", JsonObject? tags = null) => new JsonObject
    {
        ["platform"] = "javascript",
        ["level"] = "error",
        ["timestamp"] = Start.AddSeconds(i).ToUnixTimeMilliseconds() / 1000.0,
        ["release"] = ReleaseOf(i),
        ["environment"] = i % 2 == 0 ? "production" : "staging",
        ["server_name"] = $"web-{i % 4}",
        ["user"] = UserOf(i % Users),
        ["tags"] = tags ?? new JsonObject { ["region"] = i % 5 == 0 ? "eu" : "us" },
        ["contexts"] = new JsonObject
        {
            ["browser"] = new JsonObject { ["name"] = i % 10 < 7 ? "Chrome" : "Firefox", ["version"] = "120" },
            ["os"] = new JsonObject { ["name"] = "Linux" },
        },
        ["exception"] = new JsonObject
        {
            ["values"] = new JsonArray(new JsonObject
            {
                ["type"] = "TypeError",
                ["value"] = "cart is undefined",
                ["stacktrace"] = new JsonObject
                {
                    ["frames"] = new JsonArray(new JsonObject { ["filename"] = "app.js", ["function"] = function, ["lineno"] = 3, ["in_app"] = true }),
                },
            }),
        },
    }.ToJsonString();

    private static FacetValueDto Value(IssueDetailDto detail, string key, string value) =>
        detail.Facets!.Single(f => f.Key == key).TopValues.Single(v => v.Value == value);

    [Fact]
    public async Task A_thousand_events_from_fifty_users_over_three_releases_give_exact_users_facets_and_releases()
    {
        var project = await ingest.CreateProjectAsync();
        // Sent twenty at a time, so that group commits hold many events of one issue and of one user at once.
        await Parallel.ForEachAsync(Enumerable.Range(0, Events), new ParallelOptions { MaxDegreeOfParallelism = 20 },
            async (i, _) => await ingest.SendSentryEventAsync(project.Dsn, EventJson(i)));

        var triage = ingest.CreateTriageClient();
        var listed = Assert.Single((await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString()))).Items);
        Assert.Equal(Events, listed.EventCount);
        Assert.Equal(Users, listed.UsersAffected);
        Assert.Equal("1.0.0", listed.FirstRelease);
        Assert.Equal("2.0.0", listed.LastRelease);

        var detail = await triage.GetIssueAsync(listed.Id);
        Assert.Equal(Users, detail.Issue.UsersAffected);
        Assert.Equal([334L, 333L, 333L], new[] { "1.0.0", "1.1.0", "2.0.0" }.Select(r => Value(detail, IssueAggregates.Release, r).Count));
        Assert.Equal(0.334, Value(detail, IssueAggregates.Release, "1.0.0").Share, 6);
        Assert.Equal(500, Value(detail, IssueAggregates.Environment, "production").Count);
        Assert.Equal(500, Value(detail, IssueAggregates.Environment, "staging").Count);
        Assert.Equal(700, Value(detail, IssueAggregates.Browser, "Chrome 120").Count);
        Assert.Equal(300, Value(detail, IssueAggregates.Browser, "Firefox 120").Count);
        Assert.Equal(Events, Value(detail, IssueAggregates.Os, "Linux").Count);
        Assert.Equal([250L, 250L, 250L, 250L], Enumerable.Range(0, 4).Select(s => Value(detail, IssueAggregates.ServerName, $"web-{s}").Count));
        Assert.Equal(200, Value(detail, "region", "eu").Count);
        Assert.Equal(800, Value(detail, "region", "us").Count);
        Assert.Equal(
            [IssueAggregates.Environment, IssueAggregates.Release, IssueAggregates.Browser, IssueAggregates.Os, IssueAggregates.ServerName, "region"],
            detail.Facets!.Select(f => f.Key));
    }

    [Fact]
    public async Task A_browser_event_without_contexts_counts_the_browser_and_os_of_its_user_agent()
    {
        var project = await ingest.CreateProjectAsync();
        var sent = JsonNode.Parse(EventJson(0))!.AsObject();
        sent.Remove("contexts");
        sent["request"] = new JsonObject
        {
            ["url"] = "https://shop.example/cart",
            ["headers"] = new JsonObject
            {
                ["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            },
        };
        await ingest.SendSentryEventAsync(project.Dsn, sent.ToJsonString());

        var triage = ingest.CreateTriageClient();
        var detail = await triage.GetIssueAsync(Assert.Single((await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString()))).Items).Id);
        Assert.Equal(1, Value(detail, IssueAggregates.Browser, "Chrome 131.0.0.0").Count);
        Assert.Equal(1, Value(detail, IssueAggregates.Os, "Windows").Count);
    }

    [Fact]
    public async Task A_resent_event_counts_its_user_and_facets_once()
    {
        var project = await ingest.CreateProjectAsync();
        var once = JsonNode.Parse(EventJson(0))!.AsObject();
        once["event_id"] = Guid.NewGuid().ToString("N");
        await ingest.SendSentryEventAsync(project.Dsn, once.ToJsonString());
        await ingest.SendSentryEventAsync(project.Dsn, once.ToJsonString());

        var triage = ingest.CreateTriageClient();
        var issue = Assert.Single((await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString()))).Items);
        var detail = await triage.GetIssueAsync(issue.Id);
        Assert.Equal(1, detail.Issue.UsersAffected);
        Assert.Equal(1, Value(detail, IssueAggregates.Release, "1.0.0").Count);
    }

    [Fact]
    public async Task A_client_sending_a_new_tag_value_and_key_on_every_event_cannot_grow_the_facets_past_their_bounds()
    {
        var project = await ingest.CreateProjectAsync();
        for (var i = 0; i < IssueFacetLimits.MaxValuesPerKey + 20; i++)
        {
            var tags = new JsonObject { ["request_id"] = $"r-{i}" };
            for (var k = 0; k < 3; k++)
            {
                tags[$"key-{i}-{k}"] = "x";
            }
            await ingest.SendSentryEventAsync(project.Dsn, EventJson(i, tags: tags));
        }

        var issueId = (await ingest.CreateTriageClient().ListIssuesAsync(new IssueQuery(Project: project.Id.ToString()))).Items.Single().Id;
        var values = await ingest.QueryScalarAsync<long>(
            "SELECT count(*) FROM issue_facets WHERE issue_id = @id AND key = 'request_id'", ("id", issueId));
        var keys = await ingest.QueryScalarAsync<long>(
            "SELECT count(DISTINCT key) FROM issue_facets WHERE issue_id = @id", ("id", issueId));
        // One event per commit here: one new value each time, so that bound is met exactly; a commit that starts
        // one key under the bound still adds all three new keys of its event.
        Assert.Equal(IssueFacetLimits.MaxValuesPerKey, values);
        Assert.InRange(keys, IssueFacetLimits.MaxKeysPerIssue, IssueFacetLimits.MaxKeysPerIssue + 2);
    }
}
