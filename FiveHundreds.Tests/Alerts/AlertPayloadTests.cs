using System.Text.Json;
using FiveHundreds.Ingest.Alerts;
using FiveHundreds.Tests.Rendering;
using FiveHundreds.TriageApi.Contracts;
using Json.Schema;

namespace FiveHundreds.Tests.Alerts;

// Slack, Teams and Discord cannot be reached from the test machines, so their payloads are checked against
// schemas written from each service's documented format and limits (Schemas/), and the generic webhook's
// against the schema it publishes in docs/.
public sealed class AlertPayloadTests
{
    private static AlertNotification Notification(string title = "ZeroDivisionError: division by zero", int frames = 3, long heldBack = 37) => new(
        Guid.NewGuid(), IsTest: false, AlertTrigger.NewIssue, "Page the team", null, Guid.NewGuid(), "Shop", Guid.NewGuid(), title,
        "shop.views in checkout", EventLevel.Error, "production", "shop@1.4.2", 1234,
        DateTimeOffset.Parse("2026-11-30T10:00:00Z"), DateTimeOffset.Parse("2026-12-01T09:30:00Z"),
        [.. Enumerable.Range(1, frames).Select(i => $"shop/views.py:{i} in checkout")], "https://dashboard.test/issues/1", heldBack);

    private static void AssertValid(string schemaFile, string payload)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(schemaFile));
        using var document = JsonDocument.Parse(payload);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, string.Join("\n", errors));
    }

    private static string Schema(string name) => Path.Combine(AppContext.BaseDirectory, "Alerts", "Schemas", name);

    public static TheoryData<string> Titles => new() { "ZeroDivisionError: division by zero", new string('x', 5000) };

    [Theory]
    [MemberData(nameof(Titles))]
    public void The_Slack_payload_is_a_valid_Block_Kit_message_even_for_a_long_title(string title) =>
        AssertValid(Schema("slack-incoming-webhook.schema.json"), AlertPayloads.Slack(Notification(title)));

    [Theory]
    [MemberData(nameof(Titles))]
    public void The_Teams_payload_is_a_Workflows_message_with_a_valid_Adaptive_Card(string title) =>
        AssertValid(Schema("teams-workflows-adaptive-card.schema.json"), AlertPayloads.Teams(Notification(title)));

    [Theory]
    [MemberData(nameof(Titles))]
    public void The_Discord_payload_is_a_valid_embed_within_the_total_size_limit(string title)
    {
        var payload = AlertPayloads.Discord(Notification(title, frames: 5));
        AssertValid(Schema("discord-webhook-embed.schema.json"), payload);
        var embed = JsonDocument.Parse(payload).RootElement.GetProperty("embeds")[0];
        var characters = embed.GetProperty("title").GetString()!.Length + embed.GetProperty("description").GetString()!.Length
            + embed.GetProperty("fields").EnumerateArray().Sum(f => f.GetProperty("name").GetString()!.Length + f.GetProperty("value").GetString()!.Length);
        Assert.True(characters <= 6000, $"{characters} characters");
    }

    [Fact]
    public void The_top_frames_are_the_app_frames_of_the_exception_raised_last_most_recent_call_first()
    {
        static ExceptionValueDto Raised(string type, params StackFrameDto[] oldestFirst) => new(type, null, null, new StacktraceDto(oldestFirst));
        var chain = new ExceptionDataDto([
            Raised("KeyError", StacktraceLayoutTests.Frame("lookup", true)),
            Raised("CheckoutError", StacktraceLayoutTests.Frame("main", true), StacktraceLayoutTests.Frame("dispatch", false),
                StacktraceLayoutTests.Frame("recurse", true), StacktraceLayoutTests.Frame("recurse", true), StacktraceLayoutTests.Frame("checkout", true, line: 42)),
        ]);
        var latest = new EventDto(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            "python", EventLevel.Error, null, null, null, chain, null, null, null, null, null);

        // The recursion is one call site repeated, shown once as on the issue page.
        Assert.Equal(["checkout.py:42 in checkout", "recurse.py:10 in recurse", "main.py:10 in main"], AlertNotification.TopFramesOf(latest));
    }

    [Fact]
    public void The_webhook_payload_follows_its_published_schema()
    {
        var docs = Path.Combine(AppContext.BaseDirectory, "Alerts", "Schemas", "alerts-webhook-v1.schema.json");
        AssertValid(docs, AlertPayloads.Webhook(Notification()));
    }

    [Fact]
    public void A_test_alert_follows_the_webhook_schema_with_no_issue()
    {
        var test = Notification() with { IsTest = true, IssueId = null };
        AssertValid(Path.Combine(AppContext.BaseDirectory, "Alerts", "Schemas", "alerts-webhook-v1.schema.json"), AlertPayloads.Webhook(test));
    }

    [Fact]
    public void Every_channel_says_what_the_quiet_period_held_back()
    {
        var notification = Notification(heldBack: 37);
        foreach (var payload in new[] { AlertPayloads.Slack(notification), AlertPayloads.Teams(notification), AlertPayloads.Discord(notification), AlertEmail.Text(notification) })
        {
            Assert.Contains("and 37 more events", payload);
        }
    }

    [Fact]
    public void The_signature_covers_the_timestamp_so_a_replay_with_a_new_timestamp_fails()
    {
        var signature = AlertSignature.Sign("secret", 1_700_000_000, "{}");
        Assert.True(AlertSignature.Verify("secret", 1_700_000_000, "{}", signature));
        Assert.False(AlertSignature.Verify("secret", 1_700_000_999, "{}", signature));
        Assert.False(AlertSignature.Verify("secret", 1_700_000_000, "{ }", signature));
    }
}
