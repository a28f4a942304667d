using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FiveHundreds.Ingest.Infrastructure;

// Redis only holds rate-limit counters: without it intake goes on unlimited, so the ingest is degraded,
// not unhealthy.
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded("Redis is unreachable: events are accepted without rate limiting.", ex);
        }
    }
}
