using StackExchange.Redis;

namespace FiveHundreds.Ingest.Intake;

// The intake's Redis calls (rate limit, daily quotas) share one breaker: with Redis unreachable they answer as if
// allowed, because losing events is worse than accepting a few too many, and after a failure Redis is left alone
// for a few seconds so that no event waits for a command timeout.
public sealed class RedisFailOpen(IConnectionMultiplexer redis, TimeProvider clock, ILogger<RedisFailOpen> logger)
{
    private static readonly TimeSpan FailOpenFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WarnEvery = TimeSpan.FromSeconds(30);

    private long _failOpenUntilTicks;
    private long _lastFailureLoggedTicks;

    // The script's answer, or null while Redis cannot be asked (the caller allows the event).
    public async Task<RedisResult?> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        // A disconnected multiplexer would queue the command until its timeout: no event waits for that.
        if (!redis.IsConnected || clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _failOpenUntilTicks))
        {
            return null;
        }
        try
        {
            return await redis.GetDatabase().ScriptEvaluateAsync(script, keys, values);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            var now = clock.GetUtcNow().UtcTicks;
            Interlocked.Exchange(ref _failOpenUntilTicks, now + FailOpenFor.Ticks);
            // One warning every 30 seconds, not one per event.
            var last = Interlocked.Read(ref _lastFailureLoggedTicks);
            if (now - last > WarnEvery.Ticks && Interlocked.CompareExchange(ref _lastFailureLoggedTicks, now, last) == last)
            {
                logger.LogWarning(ex, "Redis is unreachable: accepting events without rate limits and quotas until it returns.");
            }
            return null;
        }
    }
}
