using System.Net;
using FiveHundreds.Ingest.Extensions;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.Tests.Sentry;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

[Collection(IngestCollection.Name)]
public sealed class QuotaTests(IngestFixture ingest)
{
    private const string SentryEvent = """{"platform":"python","message":"quota test"}""";

    private async Task<ProjectKeyDto> ProjectWithQuotasAsync(int? events = null, long? bytes = null)
    {
        var project = await ingest.CreateProjectAsync();
        await ingest.CreateTriageClient().UpdateProjectAsync(project.Id, new UpdateProjectRequest(EventsPerDayQuota: events, StoredBytesPerDayQuota: bytes));
        return project;
    }

    private async Task<HttpResponseMessage> PostSentryStoreAsync(ProjectKeyDto project)
    {
        var (key, number) = TestDsn.Parts(project.Dsn);
        using var client = ingest.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{number}/store/") { Content = new StringContent(SentryEvent) };
        request.Headers.Add("X-Sentry-Auth", $"Sentry sentry_version=7, sentry_client=test/1.0, sentry_key={key}");
        return await client.SendAsync(request);
    }

    // Drops reach the database every few seconds (DropCounter): poll until the expected count shows.
    private async Task<ProjectStorageDto> StorageOnceDroppedAsync(Guid projectId, string reason, long expected)
    {
        ProjectStorageDto storage;
        var attempts = 0;
        do
        {
            await Task.Delay(200);
            storage = (await ingest.CreateTriageClient().ListProjectStorageAsync()).Single(s => s.Project == projectId);
        }
        while (storage.DropsToday.GetValueOrDefault(reason) < expected && ++attempts < 50);
        return storage;
    }

    private static int SecondsUntilUtcMidnight() => (int)Math.Ceiling(DailyQuota.UntilTomorrow(DateTimeOffset.UtcNow).TotalSeconds);

    [Fact]
    public async Task Past_its_events_per_day_quota_a_project_is_answered_429_until_midnight_utc_and_the_drops_are_counted_as_quota()
    {
        var project = await ProjectWithQuotasAsync(events: 3);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await ingest.PostEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var retryAfter = int.Parse(Assert.Single(refused!.Headers.GetValues("Retry-After")));
        Assert.InRange(retryAfter, SecondsUntilUtcMidnight() - 60, SecondsUntilUtcMidnight() + 1);
        Assert.Contains("quota", await refused.Content.ReadAsStringAsync());
        var storage = await StorageOnceDroppedAsync(project.Id, DropReasons.Quota, 2);
        Assert.Equal(2, storage.DropsToday[DropReasons.Quota]);
        Assert.Equal(3, storage.EventsToday);
        Assert.Equal(3, storage.EventsPerDayQuota);
        Assert.Equal(2, (await ingest.CreateTriageClient().ListProjectsAsync()).Single(p => p.Id == project.Id).DroppedToday);
    }

    [Fact]
    public async Task A_sentry_endpoint_past_the_quota_answers_with_x_sentry_rate_limits_naming_the_quota()
    {
        var project = await ProjectWithQuotasAsync(events: 1);
        using (var first = await PostSentryStoreAsync(project))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var refused = await PostSentryStoreAsync(project);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.Equal($"{retryAfter}::organization:quota", Assert.Single(refused.Headers.GetValues(ProblemExceptionHandler.SentryRateLimitsHeader)));
    }

    [Fact]
    public async Task Past_its_stored_bytes_quota_a_project_keeps_the_event_that_crossed_it_and_refuses_the_next()
    {
        var project = await ProjectWithQuotasAsync(bytes: 1);
        await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());

        using var refused = await ingest.PostEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("stored bytes", await refused.Content.ReadAsStringAsync());
        var storage = await StorageOnceDroppedAsync(project.Id, DropReasons.Quota, 1);
        Assert.Equal(1, storage.EventsKept);
        Assert.Equal(await ingest.QueryScalarAsync<long>("SELECT sum(stored_bytes) FROM events WHERE project_id = @p", ("p", project.Id)), storage.StoredBytes);
        Assert.NotNull(storage.OldestEventAt);
    }

    [Fact]
    public async Task Drops_are_counted_per_project_by_reason()
    {
        var project = await ingest.CreateProjectAsync(rateLimitPerMinute: 3);
        using (var tooLarge = await ingest.PostEventAsync(project.Key, new string('x', 1024 * 1024 + 1)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        }
        using (var invalid = await ingest.PostEventAsync(project.Key, "{"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }
        // A minute boundary may renew the allowance part way: send until the limit answers.
        var limited = 0;
        for (var i = 0; i < 6 && limited == 0; i++)
        {
            using var response = await ingest.PostEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
            limited += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        var storage = await StorageOnceDroppedAsync(project.Id, DropReasons.RateLimited, 1);

        Assert.Equal(new Dictionary<string, long> { ["invalid"] = 1, [DropReasons.RateLimited] = 1, [DropReasons.TooLarge] = 1 },
            storage.DropsToday.OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary());
    }
}
