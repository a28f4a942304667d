using StackExchange.Redis;

namespace FiveHundreds.Ingest.Intake;

public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter);

// Events per project per minute, counted in Redis so that every ingest replica shares one limit.
// With Redis unreachable, intake goes on unlimited (RedisFailOpen).
public sealed class RateLimiter(RedisFailOpen redis, TimeProvider clock)
{
    // INCR and EXPIRE as one step: with two commands, a counter whose EXPIRE was lost (a dropped connection)
    // would never expire, and once past the limit would refuse that project's events for good.
    private const string IncrementScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
        return count
        """;

    private static readonly RedisValue CounterLifetimeSeconds = 120;

    public async Task<RateLimitDecision> AcquireAsync(Guid projectId, int limitPerMinute)
    {
        var now = clock.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var count = await redis.EvaluateAsync(IncrementScript, [new RedisKey($"rate:{projectId:N}:{minute}")], [CounterLifetimeSeconds]);
        return count is null || (long)count <= limitPerMinute
            ? new RateLimitDecision(true, TimeSpan.Zero)
            : new RateLimitDecision(false, TimeSpan.FromSeconds(60 - now.ToUnixTimeSeconds() % 60));
    }
}
