using StackExchange.Redis;

namespace FiveHundreds.Ingest.Intake;

public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter);

// Events per project per minute, counted in Redis so that every ingest replica shares one limit.
// With Redis unreachable, intake goes on unlimited: losing events is worse than accepting a few too many.
public sealed class RateLimiter(IConnectionMultiplexer redis, TimeProvider clock, ILogger<RateLimiter> logger)
{
    // INCR and EXPIRE as one step: with two commands, a counter whose EXPIRE was lost (a dropped connection)
    // would never expire, and once past the limit would refuse that project's events for good.
    private const string IncrementScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
        return count
        """;

    private static readonly RedisValue CounterLifetimeSeconds = 120;

    // After a failure, Redis is left alone for this long: each event would otherwise wait for the command
    // timeout before going on unlimited.
    private static readonly TimeSpan FailOpenFor = TimeSpan.FromSeconds(5);

    private long _failOpenUntilTicks;
    private long _lastFailureLoggedTicks;

    public async Task<RateLimitDecision> AcquireAsync(Guid projectId, int limitPerMinute)
    {
        var now = clock.GetUtcNow();
        // A disconnected multiplexer would queue the command until its timeout: no event waits for that.
        if (!redis.IsConnected || now.UtcTicks < Interlocked.Read(ref _failOpenUntilTicks))
        {
            return new RateLimitDecision(true, TimeSpan.Zero);
        }
        var minute = now.ToUnixTimeSeconds() / 60;
        var key = new RedisKey($"rate:{projectId:N}:{minute}");
        try
        {
            var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(IncrementScript, [key], [CounterLifetimeSeconds]);
            return count <= limitPerMinute
                ? new RateLimitDecision(true, TimeSpan.Zero)
                : new RateLimitDecision(false, TimeSpan.FromSeconds(60 - now.ToUnixTimeSeconds() % 60));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Interlocked.Exchange(ref _failOpenUntilTicks, (clock.GetUtcNow() + FailOpenFor).UtcTicks);
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
