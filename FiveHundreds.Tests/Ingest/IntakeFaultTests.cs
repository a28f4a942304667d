using System.Diagnostics;
using System.Net;
using FiveHundreds.Tests.Infrastructure;

namespace FiveHundreds.Tests.Ingest;

[Collection(IngestFaultCollection.Name)]
public sealed class IntakeFaultTests(IngestFaultFixture ingest)
{
    // Another writer (a retention pass) holds the project's storage counters and then waits for the issue that the
    // group commit has already locked: PostgreSQL breaks the deadlock by rolling back the commit, which waited first.
    // The commit is written again, and its sender gets 201, not a 503.
    [Fact]
    public async Task A_group_commit_rolled_back_by_a_deadlock_is_written_again()
    {
        var project = await ingest.CreateProjectAsync();
        var issue = (await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json())).IssueId;
        await using var other = await DeadlockSession.OpenAsync(ingest);
        await other.ExecuteAsync($"UPDATE project_storage SET events = events WHERE project_id = '{project.Id}'");

        var sent = ingest.PostEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        await other.WaitUntilAnotherWaitsAsync(ingest);
        await other.ExecuteAsync($"UPDATE issues SET event_count = event_count WHERE id = '{issue}'");
        await other.CommitAsync();

        using var response = await sent;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, (await ingest.CreateTriageClient().GetIssueAsync(issue)).Issue.EventCount);
    }

    [Fact]
    public async Task With_redis_down_intake_goes_on_unlimited_and_health_says_degraded()
    {
        var project = await ingest.CreateProjectAsync(rateLimitPerMinute: 1000);
        await ingest.Redis.StopAsync();
        try
        {
            using var response = await ingest.PostEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);

            using var client = ingest.CreateClient();
            using var health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
        }
        finally
        {
            await ingest.Redis.StartAsync();
        }
    }

    [Fact]
    public async Task With_redis_down_no_event_waits_for_a_redis_timeout()
    {
        var project = await ingest.CreateProjectAsync(rateLimitPerMinute: 1000);
        var body = EventSamples.DivisionInCheckout().Json();
        await ingest.SendEventAsync(project.Key, body);
        await ingest.Redis.StopAsync();
        try
        {
            var times = new List<TimeSpan>();
            for (var i = 0; i < 10; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await ingest.PostEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
                times.Add(Stopwatch.GetElapsedTime(started));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }
            // The Redis command timeout is one second: an event that waited for it would take at least that long.
            Assert.All(times, time => Assert.True(time < TimeSpan.FromMilliseconds(900), $"{time.TotalMilliseconds:F0} ms"));
            Assert.True(times.Order().ElementAt(5) < TimeSpan.FromMilliseconds(300), string.Join(", ", times.Select(t => $"{t.TotalMilliseconds:F0} ms")));
        }
        finally
        {
            await ingest.Redis.StartAsync();
        }
    }

    [Fact]
    public async Task With_postgres_down_intake_answers_503_and_recovers_without_a_restart()
    {
        var project = await ingest.CreateProjectAsync();
        await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        await ingest.Postgres.StopAsync();
        try
        {
            var started = Stopwatch.GetTimestamp();
            using var down = await ingest.PostEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
            var answeredIn = Stopwatch.GetElapsedTime(started);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.True(answeredIn < TimeSpan.FromSeconds(2), $"answered in {answeredIn.TotalMilliseconds:F0} ms");
            Assert.True(down.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            await ingest.Postgres.StartAsync();
        }

        // The first send after the restart may meet a pooled connection that died with the server; an SDK
        // retries a 503, and so does this test, for a few seconds at most.
        var body = EventSamples.DivisionInCheckout().Json();
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 30 && status != HttpStatusCode.Created; attempt++)
        {
            using var response = await ingest.PostEventAsync(project.Key, body);
            status = response.StatusCode;
            Assert.True(status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"unexpected {status}");
            if (status != HttpStatusCode.Created)
            {
                await Task.Delay(200);
            }
        }
        Assert.Equal(HttpStatusCode.Created, status);
    }
}
