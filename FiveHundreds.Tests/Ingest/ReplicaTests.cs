using System.Net;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.Tests.Sentry;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FiveHundreds.Tests.Ingest;

// Two ingest replicas on one PostgreSQL and one Redis, as the AppHost runs them with Replicas:Ingest = 2.
public sealed class TwoReplicaFixture : IngestFixture
{
    public WebApplicationFactory<IntakeService> Second { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Second = StartIngest();
    }

    public override async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TwoReplicaCollection : ICollectionFixture<TwoReplicaFixture>
{
    public const string Name = "TwoReplicas";
}

[Collection(TwoReplicaCollection.Name)]
public sealed class ReplicaTests(TwoReplicaFixture replicas)
{
    private WebApplicationFactory<IntakeService>[] Both => [replicas.Factory, replicas.Second];

    private static async Task<HttpStatusCode> PostAsync(WebApplicationFactory<IntakeService> replica, string key, string json)
    {
        using var client = replica.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Monolynx-Key", key);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> PostSentryAsync(WebApplicationFactory<IntakeService> replica, string dsn)
    {
        var (key, number) = TestDsn.Parts(dsn);
        using var client = replica.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{number}/store/") { Content = new StringContent("""{"message":"replica"}""") };
        request.Headers.Add("X-Sentry-Auth", $"Sentry sentry_version=7, sentry_client=test/1.0, sentry_key={key}");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private TriageApiClient Triage(WebApplicationFactory<IntakeService> replica)
    {
        var handler = new BearerTokenHandler(() => replicas.AdminToken) { InnerHandler = replica.Server.CreateHandler() };
        return new TriageApiClient(new HttpClient(handler) { BaseAddress = replica.Server.BaseAddress });
    }

    [Fact]
    public async Task A_key_rotated_on_one_replica_is_refused_by_both_at_once()
    {
        var project = await replicas.CreateProjectAsync();
        foreach (var replica in Both)
        {
            // Both replicas now hold the key in their caches.
            Assert.Equal(HttpStatusCode.Created, await PostAsync(replica, project.Key, EventSamples.DivisionInCheckout().Json()));
            Assert.Equal(HttpStatusCode.OK, await PostSentryAsync(replica, project.Dsn));
        }

        var rotated = await Triage(replicas.Factory).RotateProjectKeyAsync(project.Id);

        // The message crosses Redis in milliseconds; the cache lifetime it replaces is 30 seconds.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (await PostAsync(replicas.Second, project.Key, EventSamples.DivisionInCheckout().Json()) != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        foreach (var replica in Both)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(replica, project.Key, EventSamples.DivisionInCheckout().Json()));
            Assert.Equal(HttpStatusCode.Unauthorized, await PostSentryAsync(replica, project.Dsn));
            Assert.Equal(HttpStatusCode.Created, await PostAsync(replica, rotated.Key, EventSamples.DivisionInCheckout().Json()));
            Assert.Equal(HttpStatusCode.OK, await PostSentryAsync(replica, rotated.Dsn));
        }
    }

    [Fact]
    public async Task A_quota_changed_on_one_replica_applies_on_both_and_is_counted_across_them()
    {
        var project = await replicas.CreateProjectAsync();
        Assert.Equal(HttpStatusCode.Created, await PostAsync(replicas.Second, project.Key, EventSamples.DivisionInCheckout().Json()));

        await Triage(replicas.Factory).UpdateProjectAsync(project.Id, new UpdateProjectRequest(EventsPerDayQuota: 4));
        await Task.Delay(500);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add(await PostAsync(Both[i % 2], project.Key, EventSamples.DivisionInCheckout().Json()));
        }
        // One event was taken before the quota was set: three more pass, the rest are refused on either replica.
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Events_sent_to_both_replicas_at_once_are_stored_and_counted_once()
    {
        var project = await replicas.CreateProjectAsync();
        var events = Enumerable.Range(0, 40).Select(_ =>
        {
            var json = EventSamples.DivisionInCheckout();
            json["event_id"] = Guid.NewGuid().ToString();
            return json.Json();
        }).ToList();

        // Every event goes to both replicas at the same moment, as an SDK retrying through a load balancer may.
        var statuses = await Task.WhenAll(events.SelectMany(json => Both.Select(replica => PostAsync(replica, project.Key, json))));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(40, await replicas.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p", ("p", project.Id)));
        Assert.Equal(40, await replicas.QueryScalarAsync<long>("SELECT sum(event_count) FROM issues WHERE project_id = @p", ("p", project.Id)));
        Assert.Equal(40, await replicas.QueryScalarAsync<long>("SELECT sum(received) FROM project_daily_stats WHERE project_id = @p", ("p", project.Id)));
        Assert.Equal(40, await replicas.QueryScalarAsync<long>("SELECT sum(count) FROM issue_hourly_counts c JOIN issues i ON i.id = c.issue_id WHERE i.project_id = @p", ("p", project.Id)));
        var storage = (await Triage(replicas.Second).ListProjectStorageAsync()).Single(s => s.Project == project.Id);
        Assert.Equal(40, storage.EventsKept);
        Assert.Equal(await replicas.QueryScalarAsync<long>("SELECT sum(stored_bytes) FROM events WHERE project_id = @p", ("p", project.Id)), storage.StoredBytes);
    }
}
