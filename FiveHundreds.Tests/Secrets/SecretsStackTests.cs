using System.Text.Json;
using System.Text.Json.Nodes;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Contracts;
using Aspire.Hosting.Testing;
using global::Sentry;
using global::Sentry.Protocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Npgsql;

namespace FiveHundreds.Tests.Secrets;

// Every row of the shared scrubbing table, sent once as a native event and once by the official Sentry .NET SDK
// to the started stack, each as an issue of its own: the secret is nowhere in what is stored, what the triage API
// answers, what an agent reads over MCP, or the ticket made from the issue.
[Collection(StackCollection.Name)]
public sealed class SecretsStackTests(StackFixture stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task No_secret_of_the_shared_table_is_stored_answered_shown_to_an_agent_or_put_in_a_ticket()
    {
        var project = await stack.CreateProjectAsync();
        var triage = stack.CreateTriageClient();
        await triage.UpdateProjectAsync(project.Id, new UpdateProjectRequest(
            ScrubNames: [.. ScrubbingCases.All.SelectMany(c => c.Names).Distinct()], StoreIpAddresses: false));
        var cases = ScrubbingCases.All;

        var sent = new List<(ScrubbingCase Row, string Path, Guid EventId)>();
        foreach (var (row, index) in cases.Select((row, index) => (row, index)))
        {
            var eventId = Guid.NewGuid();
            await stack.SendEventAsync(project.Key, NativeEvent(row, index, eventId).ToJsonString());
            sent.Add((row, "native", eventId));
        }
        // The SDK queues at most 30 envelopes by default and drops the rest (CaptureEvent then answers an empty id);
        // every case is sent at once here, so the queue holds them all.
        using (var sentry = new SentryClient(new SentryOptions
        {
            Dsn = project.Dsn, SendDefaultPii = true, AutoSessionTracking = false, MaxQueueItems = cases.Count,
        }))
        {
            foreach (var (row, index) in cases.Select((row, index) => (row, index)))
            {
                sent.Add((row, "sentry", Guid.Parse(sentry.CaptureEvent(SentryEvent(row, index)).ToString())));
            }
            await sentry.FlushAsync(Timeout);
        }

        await using var database = await NpgsqlDataSource.Create(
            (await stack.App.GetConnectionStringAsync("fivehundreds"))!).OpenConnectionAsync();
        await using var mcp = await ConnectMcpAsync();
        foreach (var (row, path, eventId) in sent)
        {
            var (rowId, issueId, stored) = await StoredAsync(database, project.Id, eventId);
            var answered = JsonSerializer.Serialize(await triage.GetEventAsync(rowId), TriageJson.Options)
                + JsonSerializer.Serialize(await triage.GetIssueAsync(issueId), TriageJson.Options);
            var shown = await GetIssueTextAsync(mcp, issueId);
            var ticket = (await triage.CreateTicketFromIssueAsync(issueId)).Description;

            var because = $"{row.Case} ({path})";
            if (row.Secret is { } secret)
            {
                Assert.False(stored.Contains(secret, StringComparison.Ordinal), $"stored: {because}");
                Assert.False(answered.Contains(secret, StringComparison.Ordinal), $"triage API: {because}");
                Assert.False(shown.Contains(secret, StringComparison.Ordinal), $"MCP: {because}");
                Assert.False(ticket.Contains(secret, StringComparison.Ordinal), $"ticket: {because}");
            }
            else
            {
                // A value the table keeps is kept: the rule does not scrub everything to pass.
                Assert.True(stored.Contains(row.Value, StringComparison.Ordinal), $"stored: {because}");
            }
        }
    }

    // Every stored text of the event, JSONB and plain columns, as one string to search.
    private static async Task<(Guid Id, Guid IssueId, string Stored)> StoredAsync(NpgsqlConnection database, Guid projectId, Guid eventId)
    {
        await using var command = new NpgsqlCommand("""
            SELECT e.id, e.issue_id, concat_ws(' ', e.message, e.exception::text, e.request::text, e.environment::text,
                   e.tags::text, e.extra::text, i.title, i.culprit, i.search_text)
            FROM events e JOIN issues i ON i.id = e.issue_id
            WHERE e.project_id = @project AND e.event_id = @event
            """, database);
        command.Parameters.AddWithValue("project", projectId);
        command.Parameters.AddWithValue("event", eventId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"event {eventId} was not stored");
        return (reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2));
    }

    private async Task<McpClient> ConnectMcpAsync()
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(stack.GetEndpoint("mcp"), "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {stack.AdminToken}" },
        });
        using var cts = new CancellationTokenSource(Timeout);
        return await McpClient.CreateAsync(transport, cancellationToken: cts.Token);
    }

    private static async Task<string> GetIssueTextAsync(McpClient mcp, Guid issueId)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var result = await mcp.CallToolAsync("get_issue", new Dictionary<string, object?> { ["issue_id"] = issueId.ToString() }, cancellationToken: cts.Token);
        Assert.NotEqual(true, result.IsError);
        return string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text)) + result.StructuredContent?.GetRawText();
    }

    // A native event holding the row's value where the table says, as its own issue.
    private static JsonObject NativeEvent(ScrubbingCase row, int index, Guid eventId)
    {
        var request = new JsonObject { ["url"] = "https://shop.example/checkout", ["method"] = "POST", ["headers"] = new JsonObject(), ["env"] = new JsonObject() };
        var body = new JsonObject
        {
            ["event_id"] = eventId.ToString(),
            ["message"] = $"secret case {index}",
            ["fingerprint"] = new JsonArray("secret-case", "native", index.ToString()),
            ["request"] = request,
        };
        var holder = row.Where switch
        {
            "headers" => request["headers"]!.AsObject(),
            "environment" or "tags" or "extra" or "user" => Child(body, row.Where),
            "contexts" => Child(Child(body, "contexts"), "app_state"),
            "data" => Child(request, "data"),
            "breadcrumbs" => Child(Breadcrumb(body, row.Name is null ? row.Value : "GET"), "data"),
            _ => null,
        };
        if (holder is not null && row.Name is not null)
        {
            holder[row.Name] = row.Value;
        }
        switch (row.Where)
        {
            case "url" or "query_string":
                request[row.Where] = row.Value;
                break;
            case "data" when row.Name is null:
                request["data"] = row.Value;
                break;
            case "message":
                body["message"] = row.Value;
                break;
            case "exception":
                body["exception"] = new JsonObject { ["values"] = new JsonArray(new JsonObject { ["type"] = $"SecretCase{index}Error", ["value"] = row.Value }) };
                break;
        }
        return body;
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        var child = new JsonObject();
        parent[name] = child;
        return child;
    }

    private static JsonObject Breadcrumb(JsonObject body, string message)
    {
        var crumb = new JsonObject { ["message"] = message };
        body["breadcrumbs"] = new JsonObject { ["values"] = new JsonArray(crumb) };
        return crumb;
    }

    // The same row as the Sentry .NET SDK's own event model carries it; Sentry has no process environment, so
    // variables travel in the request's env, where Sentry SDKs put REMOTE_ADDR and the like.
    private static SentryEvent SentryEvent(ScrubbingCase row, int index)
    {
        var sentryEvent = new SentryEvent
        {
            Message = row.Where == "message" ? row.Value : $"secret case {index}",
            Fingerprint = ["secret-case", "sentry", index.ToString()],
            Request = new SentryRequest { Url = "https://shop.example/checkout", Method = "POST" },
        };
        var request = sentryEvent.Request;
        switch (row.Where, row.Name)
        {
            case ("headers", { } name):
                request.Headers[name] = row.Value;
                break;
            case ("environment", { } name):
                request.Env[name] = row.Value;
                break;
            case ("url", _):
                request.Url = row.Value;
                break;
            case ("query_string", _):
                request.QueryString = row.Value;
                break;
            case ("data", null):
                request.Data = row.Value;
                break;
            case ("data", { } name):
                request.Data = new Dictionary<string, string> { [name] = row.Value };
                break;
            case ("exception", _):
                sentryEvent.SentryExceptions = [new SentryException { Type = $"SecretCase{index}Error", Value = row.Value }];
                break;
            case ("tags", { } name):
                sentryEvent.SetTag(name, row.Value);
                break;
            case ("extra", { } name):
                sentryEvent.SetExtra(name, row.Value);
                break;
            case ("user", "ip_address"):
                sentryEvent.User = new SentryUser { IpAddress = row.Value };
                break;
            case ("user", { } name):
                sentryEvent.User = new SentryUser { Other = { [name] = row.Value } };
                break;
            case ("contexts", { } name):
                sentryEvent.Contexts["app_state"] = new Dictionary<string, string> { [name] = row.Value };
                break;
            case ("breadcrumbs", null):
                sentryEvent.AddBreadcrumb(new Breadcrumb(row.Value, "default"));
                break;
            case ("breadcrumbs", { } name):
                sentryEvent.AddBreadcrumb(new Breadcrumb("GET", "http", new Dictionary<string, string> { [name] = row.Value }));
                break;
        }
        return sentryEvent;
    }
}
