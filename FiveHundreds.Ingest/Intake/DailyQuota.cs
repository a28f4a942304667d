using System.Globalization;
using StackExchange.Redis;

namespace FiveHundreds.Ingest.Intake;

public enum QuotaRefusal { None, Events, StoredBytes }

public readonly record struct QuotaDecision(QuotaRefusal Refusal, TimeSpan RetryAfter)
{
    public bool Allowed => Refusal == QuotaRefusal.None;
}

// Events and stored bytes per project per UTC day, counted in one Redis hash per project and day, so that every
// ingest replica shares the quota. An event is admitted while both counts are below their quotas and takes one
// from the events count at once; its stored size is added once it is written (the size is known only then), so
// the event that crosses the bytes quota is stored and the ones after it are refused until the day rolls.
// With Redis unreachable, intake goes on without quotas (RedisFailOpen), as it does without rate limits.
public sealed class DailyQuota(RedisFailOpen redis, TimeProvider clock)
{
    // Check and count as one step, so that two replicas cannot both admit the last event of a quota. The expiry
    // is set whenever the hash has none, so a lost EXPIRE cannot leave a counter that refuses for good.
    private const string AdmitScript = """
        local counts = redis.call('HMGET', KEYS[1], 'events', 'bytes')
        if tonumber(counts[1] or '0') >= tonumber(ARGV[1]) then return 1 end
        if tonumber(counts[2] or '0') >= tonumber(ARGV[2]) then return 2 end
        redis.call('HINCRBY', KEYS[1], 'events', 1)
        if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
        return 0
        """;

    private const string AddBytesScript = """
        redis.call('HINCRBY', KEYS[1], 'bytes', ARGV[1])
        if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    // Longer than a day, so the counter outlives the day it counts wherever in the day it was created.
    private static readonly RedisValue CounterLifetimeSeconds = (long)TimeSpan.FromHours(48).TotalSeconds;

    public async Task<QuotaDecision> AdmitAsync(Guid projectId, long eventsPerDay, long storedBytesPerDay)
    {
        var now = clock.GetUtcNow();
        var answer = await redis.EvaluateAsync(AdmitScript, [KeyOf(projectId, now)], [eventsPerDay, storedBytesPerDay, CounterLifetimeSeconds]);
        var refusal = answer is null ? QuotaRefusal.None : (QuotaRefusal)(int)answer;
        return new QuotaDecision(refusal, refusal == QuotaRefusal.None ? TimeSpan.Zero : UntilTomorrow(now));
    }

    public async Task AddStoredBytesAsync(Guid projectId, long bytes)
    {
        if (bytes > 0)
        {
            await redis.EvaluateAsync(AddBytesScript, [KeyOf(projectId, clock.GetUtcNow())], [bytes, CounterLifetimeSeconds]);
        }
    }

    public static TimeSpan UntilTomorrow(DateTimeOffset now) => now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime;

    private static RedisKey KeyOf(Guid projectId, DateTimeOffset now) =>
        new($"quota:{projectId:N}:{now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}");
}
