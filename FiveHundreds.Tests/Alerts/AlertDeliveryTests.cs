using System.Text.Json.Nodes;
using FiveHundreds.Ingest.Alerts;
using FiveHundreds.Tests.Ingest;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Alerts;

[Collection(AlertsCollection.Name)]
public sealed class AlertDeliveryTests(AlertsFixture ingest)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private sealed record Setup(ProjectKeyDto Project, string Path, string? Secret, AlertRuleDto Rule);

    private async Task<Setup> WebhookRuleAsync(AlertTrigger trigger, string pathPrefix, int? frequencyCount = null, int? windowMinutes = null, ProjectKeyDto? project = null)
    {
        project ??= await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var path = $"{pathPrefix}-{Guid.NewGuid():N}";
        var destination = await triage.CreateAlertDestinationAsync(project.Id,
            new CreateAlertDestinationRequest("Hook " + path, AlertChannel.Webhook, ingest.Receiver.Url(path)));
        var rule = await triage.CreateAlertRuleAsync(project.Id,
            new AlertRuleRequest("Rule " + path, trigger, [destination.Destination.Id], FrequencyCount: frequencyCount, FrequencyWindowMinutes: windowMinutes));
        return new Setup(project, path, destination.SigningSecret, rule);
    }

    private static JsonObject UniqueError() => EventSamples.DivisionInCheckout(function: "checkout_" + Guid.NewGuid().ToString("N")[..12]);

    private async Task<IReadOnlyList<ReceivedAlert>> WaitForAsync(string path, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (ingest.Receiver.At(path).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        return ingest.Receiver.At(path);
    }

    // Long enough for anything wrongly sent on top to arrive too.
    private static Task SettleAsync() => Task.Delay(TimeSpan.FromSeconds(2));

    [Fact]
    public async Task A_new_issue_reaches_the_webhook_signed_with_the_destinations_secret()
    {
        var setup = await WebhookRuleAsync(AlertTrigger.NewIssue, "new");
        var accepted = await ingest.SendEventAsync(setup.Project.Key, UniqueError().Json());

        var alert = Assert.Single(await WaitForAsync(setup.Path, 1));
        Assert.Equal("new_issue", alert.Trigger);
        Assert.Equal(accepted.IssueId.ToString(), alert.Json.GetProperty("issue").GetProperty("id").GetString());
        Assert.Equal(1, alert.Json.GetProperty("version").GetInt32());
        Assert.Equal($"https://dashboard.test/issues/{accepted.IssueId}", alert.Json.GetProperty("issue").GetProperty("url").GetString());
        Assert.NotNull(setup.Secret);
        Assert.True(AlertSignature.Verify(setup.Secret, long.Parse(alert.SignatureTimestamp!), alert.Body, alert.Signature!));
        Assert.False(AlertSignature.Verify("another secret", long.Parse(alert.SignatureTimestamp!), alert.Body, alert.Signature!));
        Assert.Equal(alert.Json.GetProperty("delivery_id").GetString(), alert.Delivery);
    }

    [Fact]
    public async Task Five_hundred_events_of_one_issue_give_one_new_issue_and_one_frequency_alert()
    {
        var newIssue = await WebhookRuleAsync(AlertTrigger.NewIssue, "storm-new");
        var frequency = await WebhookRuleAsync(AlertTrigger.Frequency, "storm-frequency", frequencyCount: 100, windowMinutes: 10, project: newIssue.Project);
        var error = UniqueError();

        for (var sent = 0; sent < 500; sent += 50)
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            {
                error["event_id"] = Guid.NewGuid().ToString();
                return ingest.SendEventAsync(newIssue.Project.Key, error.Json());
            }));
        }

        await WaitForAsync(frequency.Path, 1);
        await SettleAsync();
        Assert.Equal("new_issue", Assert.Single(ingest.Receiver.At(newIssue.Path)).Trigger);
        var frequent = Assert.Single(ingest.Receiver.At(frequency.Path));
        Assert.Equal("frequency", frequent.Trigger);
    }

    [Fact]
    public async Task A_resolved_issue_that_receives_an_event_sends_a_regression_alert()
    {
        var setup = await WebhookRuleAsync(AlertTrigger.Regression, "regression");
        var error = UniqueError();
        var accepted = await ingest.SendEventAsync(setup.Project.Key, error.Json());
        error["event_id"] = Guid.NewGuid().ToString();
        await ingest.SendEventAsync(setup.Project.Key, error.Json());
        await SettleAsync();
        Assert.Empty(ingest.Receiver.At(setup.Path));

        await ingest.CreateTriageClient().UpdateIssueStatusAsync(accepted.IssueId, IssueStatus.Resolved);
        error["event_id"] = Guid.NewGuid().ToString();
        await ingest.SendEventAsync(setup.Project.Key, error.Json());

        var alert = Assert.Single(await WaitForAsync(setup.Path, 1));
        Assert.Equal("regression", alert.Trigger);
        Assert.Equal(accepted.IssueId.ToString(), alert.Json.GetProperty("issue").GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_ignored_issue_whose_events_pass_its_condition_sends_a_returned_from_ignore_alert()
    {
        var setup = await WebhookRuleAsync(AlertTrigger.ReturnedFromIgnore, "returned-events");
        var error = UniqueError();
        var accepted = await ingest.SendEventAsync(setup.Project.Key, error.Json());
        await ingest.CreateTriageClient().UpdateIssueAsync(accepted.IssueId,
            new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(MoreEvents: 2)));

        error["event_id"] = Guid.NewGuid().ToString();
        await ingest.SendEventAsync(setup.Project.Key, error.Json());
        await SettleAsync();
        Assert.Empty(ingest.Receiver.At(setup.Path));
        error["event_id"] = Guid.NewGuid().ToString();
        await ingest.SendEventAsync(setup.Project.Key, error.Json());

        var alert = Assert.Single(await WaitForAsync(setup.Path, 1));
        Assert.Equal("returned_from_ignore", alert.Trigger);
        Assert.Equal(accepted.IssueId.ToString(), alert.Json.GetProperty("issue").GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_issue_ignored_until_a_time_returns_then_without_any_event_and_sends_the_alert()
    {
        var setup = await WebhookRuleAsync(AlertTrigger.ReturnedFromIgnore, "returned-time");
        var accepted = await ingest.SendEventAsync(setup.Project.Key, UniqueError().Json());
        var triage = ingest.CreateTriageClient();
        await triage.UpdateIssueAsync(accepted.IssueId,
            new UpdateIssueRequest(IssueStatus.Ignored, new IgnoreConditionDto(Until: DateTimeOffset.UtcNow.AddSeconds(2))));
        Assert.Equal(IssueStatus.Ignored, (await triage.GetIssueAsync(accepted.IssueId)).Issue.Status);

        var alert = Assert.Single(await WaitForAsync(setup.Path, 1));

        Assert.Equal("returned_from_ignore", alert.Trigger);
        var issue = await triage.GetIssueAsync(accepted.IssueId);
        Assert.Equal(IssueStatus.Unresolved, issue.Issue.Status);
        Assert.NotNull(issue.Ignore!.ReturnedAt);
        Assert.Equal(IssueActivityKind.ReturnedFromIgnore, (await triage.ListIssueActivityAsync(accepted.IssueId)).Items[0].Kind);
    }

    [Theory]
    [InlineData("fail-twice")]
    [InlineData("hang-once")]
    public async Task A_receiver_that_fails_or_hangs_gets_the_alert_after_retries_once_and_with_one_delivery_id(string behaviour)
    {
        var setup = await WebhookRuleAsync(AlertTrigger.NewIssue, behaviour);
        var accepted = await ingest.SendEventAsync(setup.Project.Key, UniqueError().Json());

        var alert = Assert.Single(await WaitForAsync(setup.Path, 1));
        await SettleAsync();
        Assert.Single(ingest.Receiver.At(setup.Path));
        Assert.Equal(behaviour == "fail-twice" ? 3 : 2, ingest.Receiver.Requests(setup.Path));
        var log = Assert.Single(await ingest.CreateTriageClient().ListIssueAlertsAsync(accepted.IssueId));
        Assert.Equal(AlertDeliveryState.Sent, log.State);
        Assert.Equal(alert.Delivery, log.Id.ToString());
        Assert.Equal(ingest.Receiver.Requests(setup.Path), log.Attempts);
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_send_every_alert_once()
    {
        var setup = await WebhookRuleAsync(AlertTrigger.NewIssue, "replicas");
        await using var second = ingest.StartIngest();
        using var secondClient = second.CreateClient();

        // Half the events through each replica, so that both dispatchers are woken and both find work.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = i % 2 == 0
                ? await secondClient.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
                {
                    Content = new StringContent(UniqueError().Json(), System.Text.Encoding.UTF8, "application/json"),
                    Headers = { { "X-Monolynx-Key", setup.Project.Key } },
                })
                : await ingest.PostEventAsync(setup.Project.Key, UniqueError().Json());
            Assert.True(response.IsSuccessStatusCode);
        }));

        await WaitForAsync(setup.Path, 40);
        await SettleAsync();
        var received = ingest.Receiver.At(setup.Path);
        Assert.Equal(40, received.Count);
        Assert.Equal(40, received.Select(r => r.Delivery).Distinct().Count());
        Assert.Equal(40, received.Select(r => r.Json.GetProperty("issue").GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_new_issue_is_emailed_with_its_subject_link_and_app_frames()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var recipient = $"team-{Guid.NewGuid():N}@example.com";
        var destination = await triage.CreateAlertDestinationAsync(project.Id,
            new CreateAlertDestinationRequest("Team mail", AlertChannel.Email, Recipients: [recipient]));
        Assert.Null(destination.SigningSecret);
        Assert.DoesNotContain(recipient, destination.Destination.Hint);
        await triage.CreateAlertRuleAsync(project.Id, new AlertRuleRequest("Mail the team", AlertTrigger.NewIssue, [destination.Destination.Id]));
        var function = "checkout_" + Guid.NewGuid().ToString("N")[..12];

        var accepted = await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout(line: 42, function: function).Json());

        var deadline = DateTime.UtcNow + Patience;
        MimeKit.MimeMessage? mail = null;
        while (mail is null && DateTime.UtcNow < deadline)
        {
            mail = ingest.Smtp.Messages().FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == recipient));
            await Task.Delay(100);
        }
        Assert.NotNull(mail);
        Assert.Equal($"New issue in {project.Name}: ZeroDivisionError: division by zero", mail.Subject);
        var link = $"https://dashboard.test/issues/{accepted.IssueId}";
        Assert.Contains(link, mail.TextBody);
        Assert.Contains($"href=\"{link}\"", mail.HtmlBody);
        Assert.Contains($"shop/views.py:42 in {function}", mail.TextBody);
        Assert.DoesNotContain("django/core/handlers/base.py", mail.TextBody);
        Assert.Contains("Release: shop@1.4.2", mail.TextBody);
    }

    [Fact]
    public async Task A_test_alert_answers_its_outcome_at_once_and_appears_in_the_log()
    {
        var setup = await WebhookRuleAsync(AlertTrigger.NewIssue, "test-alert");
        var triage = ingest.CreateTriageClient();

        var outcome = Assert.Single(await triage.SendTestAlertAsync(setup.Project.Id, setup.Rule.Id));

        Assert.Equal(AlertDeliveryState.Sent, outcome.State);
        Assert.True(outcome.Test);
        var received = Assert.Single(ingest.Receiver.At(setup.Path));
        Assert.True(received.Json.GetProperty("test").GetBoolean());
        var logged = Assert.Single(await triage.ListAlertDeliveriesAsync(setup.Project.Id, rule: setup.Rule.Id));
        Assert.Equal(outcome.Id, logged.Id);
    }

    [Fact]
    public async Task Changing_rules_needs_the_admin_scope()
    {
        var setup = await WebhookRuleAsync(AlertTrigger.NewIssue, "scoped");
        var admin = ingest.CreateTriageClient();
        var limited = await admin.CreateTokenAsync(new CreateTokenRequest("triager", TokenScope.Triage, [setup.Project.Id]));
        var scoped = ingest.CreateTriageClient(limited.Token);

        Assert.Single(await scoped.ListAlertRulesAsync(setup.Project.Id));
        var refused = await Assert.ThrowsAsync<TriageApiException>(() =>
            scoped.CreateAlertRuleAsync(setup.Project.Id, new AlertRuleRequest("mine", AlertTrigger.NewIssue, setup.Rule.Destinations)));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Invalid_destinations_and_rules_are_refused_with_a_problem_and_targets_are_never_shown_again()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();

        var badUrl = await Assert.ThrowsAsync<TriageApiException>(() =>
            triage.CreateAlertDestinationAsync(project.Id, new CreateAlertDestinationRequest("chat", AlertChannel.Slack, "ftp://hooks.example/x")));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.Contains("url", badUrl.Detail);

        var destination = await triage.CreateAlertDestinationAsync(project.Id,
            new CreateAlertDestinationRequest("hook", AlertChannel.Webhook, "https://hooks.example/secret-path-123"));
        var badRule = await Assert.ThrowsAsync<TriageApiException>(() =>
            triage.CreateAlertRuleAsync(project.Id, new AlertRuleRequest("busy", AlertTrigger.Frequency, [destination.Destination.Id])));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badRule.StatusCode);
        Assert.Contains("frequency_count", badRule.Detail);

        using var http = ingest.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", ingest.AdminToken);
        var listed = await http.GetStringAsync($"/api/v1/projects/{project.Id}/alerts/destinations");
        Assert.Contains("hooks.example", listed);
        Assert.DoesNotContain("secret-path-123", listed);
        Assert.DoesNotContain(destination.SigningSecret!, listed);
    }
}
