using FiveHundreds.Tests.Infrastructure;
using StackExchange.Redis;

namespace FiveHundreds.Tests.Ingest;

[Collection(IngestCollection.Name)]
public sealed class RateLimiterTests(IngestFixture ingest)
{
    [Fact]
    public async Task Every_rate_limit_counter_is_created_with_its_expiry()
    {
        var project = await ingest.CreateProjectAsync(rateLimitPerMinute: 1000);
        await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());

        await using var redis = await ConnectionMultiplexer.ConnectAsync(ingest.Redis.ConnectionString);
        var counters = redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: $"rate:{project.Id:N}:*").ToList();
        Assert.NotEmpty(counters);
        foreach (var counter in counters)
        {
            var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(counter);
            Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));
        }
    }
}
