using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Sentry;

// What a Sentry SDK sends beyond the exception reaches the triage API as typed fields.
[Collection(IngestCollection.Name)]
public sealed class SentryEventDetailTests(IngestFixture ingest)
{
    // The parts @sentry/browser 11 puts on an unhandled error, trimmed to what is checked here.
    private const string Event = """
        {"platform":"javascript","level":"error","release":"shop@2.0.0","environment":"production",
         "sdk":{"name":"sentry.javascript.browser","version":"11.12.0"},
         "user":{"id":"u-7","email":"ada@example.com","ip_address":"203.0.113.9"},
         "breadcrumbs":[{"timestamp":1764597787.25,"category":"ui.click","message":"body > button#pay"},
                        {"timestamp":1764597788.5,"category":"console","level":"warning","message":"slow"}],
         "contexts":{"browser":{"name":"Chrome","version":"156.0.0"},"os":{"name":"Linux"},
                     "trace":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}},
         "modules":{"react":"19.1.0"},
         "request":{"url":"https://shop.test/cart?step=pay","headers":{"User-Agent":"Chrome"}},
         "exception":{"values":[{"type":"TypeError","value":"cart is undefined",
           "stacktrace":{"frames":[{"filename":"app.js","function":"pay","lineno":3,"in_app":true}]}}]}}
        """;

    [Fact]
    public async Task The_user_breadcrumbs_contexts_and_modules_of_a_browser_event_are_typed_fields_of_the_event()
    {
        var project = await ingest.CreateProjectAsync();
        await ingest.SendSentryEventAsync(project.Dsn, Event);
        var triage = ingest.CreateTriageClient();
        var issue = Assert.Single((await triage.ListIssuesAsync(new IssueQuery(Project: project.Id.ToString()))).Items);

        var ev = (await triage.GetIssueAsync(issue.Id)).LatestEvent!;

        Assert.Equal(new EventUserDto("u-7", null, "ada@example.com", "203.0.113.9"), ev.User);
        Assert.Equal(["ui.click", "console"], ev.Breadcrumbs!.Select(b => b.Category));
        Assert.Equal("warning", ev.Breadcrumbs![1].Level);
        Assert.Equal("Chrome", ev.Contexts!["browser"]["name"]);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", ev.Contexts["trace"]["trace_id"]);
        Assert.Equal("19.1.0", ev.Modules!["react"]);
        Assert.Equal("11.12.0", ev.Sdk!.Value.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Two_messages_that_differ_only_by_an_order_number_are_one_issue_titled_with_the_message()
    {
        var project = await ingest.CreateProjectAsync();

        await ingest.SendSentryEventAsync(project.Dsn, """{"platform":"node","level":"warning","message":"Order 1001 failed: card declined"}""");
        await ingest.SendSentryEventAsync(project.Dsn, """{"platform":"node","level":"warning","logentry":{"formatted":"Order 73 failed: card declined"}}""");

        var issue = Assert.Single((await ingest.CreateTriageClient().ListIssuesAsync(new IssueQuery(Project: project.Id.ToString()))).Items);
        Assert.Equal(2, issue.EventCount);
        Assert.Equal("Order 1001 failed: card declined", issue.Title);
    }
}
