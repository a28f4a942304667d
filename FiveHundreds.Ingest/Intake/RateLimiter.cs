using StackExchange.Redis;

namespace FiveHundreds.Ingest.Intake;

public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter);

// Events per project per minute, counted in Redis so that every ingest replica shares one limit.
// With Redis unreachable, intake goes on unlimited: losing events is worse than accepting a few too many.
public sealed class RateLimiter(IConnectionMultiplexer redis, TimeProvider clock, ILogger<RateLimiter> logger)
{
    private long _lastFailureLoggedTicks;

    public async Task<RateLimitDecision> AcquireAsync(Guid projectId, int limitPerMinute)
    {
        var now = clock.GetUtcNow();
        var minute = now.ToUnixTimeSeconds() / 60;
        var key = new RedisKey($"rate:{projectId:N}:{minute}");
        try
        {
            var database = redis.GetDatabase();
            var count = await database.StringIncrementAsync(key);
            if (count == 1)
            {
                _ = database.KeyExpireAsync(key, TimeSpan.FromMinutes(2), flags: CommandFlags.FireAndForget);
            }
            return count <= limitPerMinute
                ? new RateLimitDecision(true, TimeSpan.Zero)
                : new RateLimitDecision(false, TimeSpan.FromSeconds(60 - now.ToUnixTimeSeconds() % 60));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // One warning every 30 seconds, not one per event.
            var nowTicks = now.UtcTicks;
            var last = Interlocked.Read(ref _lastFailureLoggedTicks);
            if (nowTicks - last > TimeSpan.TicksPerSecond * 30 && Interlocked.CompareExchange(ref _lastFailureLoggedTicks, nowTicks, last) == last)
            {
                logger.LogWarning(ex, "Redis is unreachable: accepting events without rate limiting until it returns.");
            }
            return new RateLimitDecision(true, TimeSpan.Zero);
        }
    }
}
