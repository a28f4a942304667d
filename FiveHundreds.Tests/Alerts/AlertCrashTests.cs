using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.Tests.Ingest;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Alerts;

// The ingest as its own process on a database of its own (so the fixture's in-process dispatcher stays out of
// it), killed with SIGKILL after committing an alert and started again.
[Collection(AlertsCollection.Name)]
public sealed class AlertCrashTests(AlertsFixture ingest)
{
    private static readonly string IngestDll = ServiceProcess.BuiltDll("FiveHundreds.Ingest");

    private Task<ServiceProcess> StartIngestAsync(string database, bool dispatcher) =>
        ServiceProcess.StartAsync(IngestDll, new Dictionary<string, string>
        {
            ["ConnectionStrings__fivehundreds"] = ingest.Postgres.ConnectionString(database),
            ["ConnectionStrings__cache"] = ingest.Redis.ConnectionString,
            ["Auth__AdminToken"] = ingest.AdminToken,
            ["Dashboard__BaseUrl"] = "https://dashboard.test",
            ["Alerts__DispatcherEnabled"] = dispatcher.ToString(),
            ["Alerts__PollInterval"] = "00:00:00.200",
            ["Alerts__BackoffBase"] = "00:00:00.300",
            ["Alerts__AttemptTimeout"] = AlertsFixture.AttemptTimeout.ToString(),
        });

    private TriageApiClient Triage(ServiceProcess process) =>
        new(new HttpClient(new BearerTokenHandler(() => ingest.AdminToken) { InnerHandler = new HttpClientHandler() }) { BaseAddress = process.Address });

    private async Task<IReadOnlyList<ReceivedAlert>> WaitForAsync(string path, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (ingest.Receiver.At(path).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        return ingest.Receiver.At(path);
    }

    // "committed": the process stores the event and its alert intent, then dies before its dispatcher runs
    // (it has none, so the kill cannot come too late). "sending": it dies while the receiver holds its request.
    [Theory]
    [InlineData("committed")]
    [InlineData("sending")]
    public async Task An_alert_whose_process_was_killed_arrives_once_after_a_restart(string killedWhile)
    {
        var database = "crash_" + Guid.NewGuid().ToString("N")[..12];
        await ingest.Postgres.CreateDatabaseAsync(database);
        var path = (killedWhile == "sending" ? "hang-once-" : "crash-") + Guid.NewGuid().ToString("N");

        Guid issueId;
        await using (var first = await StartIngestAsync(database, dispatcher: killedWhile == "sending"))
        {
            var triage = Triage(first);
            var project = await triage.CreateProjectAsync(new CreateProjectRequest("Crash " + path[..12]));
            var destination = await triage.CreateAlertDestinationAsync(project.Id,
                new CreateAlertDestinationRequest("Hook", AlertChannel.Webhook, ingest.Receiver.Url(path)));
            await triage.CreateAlertRuleAsync(project.Id, new AlertRuleRequest("New issues", AlertTrigger.NewIssue, [destination.Destination.Id]));

            using var http = new HttpClient { BaseAddress = first.Address };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
            {
                Content = new StringContent(EventSamples.DivisionInCheckout(function: "crash_" + path[..12]).Json(), System.Text.Encoding.UTF8, "application/json"),
                Headers = { { "X-Monolynx-Key", project.Key } },
            };
            using var response = await http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
            issueId = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<EventAcceptedDto>(response.Content, TriageJson.Options))!.IssueId;

            if (killedWhile == "sending")
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
                while (ingest.Receiver.Requests(path) == 0 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
                Assert.Equal(1, ingest.Receiver.Requests(path));
            }
            await first.KillAsync();
        }
        Assert.Empty(ingest.Receiver.At(path));

        await using var second = await StartIngestAsync(database, dispatcher: true);
        // A claim outlives its killed holder by twice the attempt timeout plus 5 s before it is taken again.
        var received = await WaitForAsync(path, TimeSpan.FromSeconds(30));

        var alert = Assert.Single(received);
        Assert.Equal(issueId.ToString(), alert.Json.GetProperty("issue").GetProperty("id").GetString());
        var log = Assert.Single(await Triage(second).ListIssueAlertsAsync(issueId));
        Assert.Equal(AlertDeliveryState.Sent, log.State);
        Assert.Equal(alert.Delivery, log.Id.ToString());
    }
}
