using FiveHundreds.Ingest.Infrastructure;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using StackExchange.Redis;

namespace FiveHundreds.Ingest.Intake;

// What the intake needs of a project: its rate limit and quotas, how its events are scrubbed and which web pages may send them.
public sealed record IngestProject(
    Guid Id, int? RateLimitPerMinute, IReadOnlyCollection<string> ScrubNames, bool StoreIpAddresses, IReadOnlyList<string> AllowedOrigins,
    int? EventsPerDayQuota, long? StoredBytesPerDayQuota);

// Finds the project an ingest key belongs to. Answers are cached so that a burst of events costs no database
// round trip per event. A rotation or a settings change on any replica is published on a Redis channel that
// every replica listens to, so all of them forget the old answer at once; the cache lifetime only bounds how
// long a replica that missed the message (Redis away) keeps it, and after Redis returns the cache is cleared.
public sealed class ProjectKeyResolver : IDisposable
{
    public static readonly RedisChannel InvalidationChannel = RedisChannel.Literal("fivehundreds:project-keys");

    private const string SelectProject = """
        SELECT id, rate_limit_per_minute, scrub_names, store_ip_addresses, allowed_origins, events_per_day_quota, stored_bytes_per_day_quota
        FROM projects
        """;

    // Keys tried by a flood of made-up keys are cached too: the bound keeps them from growing the cache.
    private const int MaxCachedKeys = 10_000;

    private static readonly TimeSpan KnownKeyLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UnknownKeyLifetime = TimeSpan.FromSeconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<ProjectKeyResolver> _logger;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxCachedKeys });

    private int _listening;

    public ProjectKeyResolver(NpgsqlDataSource dataSource, IConnectionMultiplexer redis, ILogger<ProjectKeyResolver> logger)
    {
        (_dataSource, _redis, _logger) = (dataSource, redis, logger);
        redis.ConnectionRestored += OnConnectionRestored;
        _ = ListenAsync();
    }

    // The multiplexer keeps a subscription once made and renews it after a reconnection. One that could not be
    // made (Redis away at start) is tried again when Redis returns.
    private async Task ListenAsync()
    {
        if (Interlocked.Exchange(ref _listening, 1) == 1)
        {
            return;
        }
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(InvalidationChannel, (_, message) => Evict(message));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Interlocked.Exchange(ref _listening, 0);
            _logger.LogWarning(ex, "Not listening for project key changes until Redis is back; cached keys expire after {Lifetime}.", KnownKeyLifetime);
        }
    }

    // What was published while the connection was down is lost: forget everything.
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        _cache.Clear();
        _ = ListenAsync();
    }

    public Task<IngestProject?> ResolveAsync(string? key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || key.Length > FieldLimits.PresentedSecret)
        {
            return Task.FromResult<IngestProject?>(null);
        }
        var hash = SecretHasher.Hash(key);
        return LookUpAsync(CacheKey(hash), $"{SelectProject} WHERE key_hash = @key", hash, null, ct);
    }

    // A Sentry public key counts only together with the project number of the DSN it belongs to, so that an
    // event sent to another project's URL is refused rather than filed under the key's project.
    public Task<IngestProject?> ResolveSentryKeyAsync(string? publicKey, long projectNumber, CancellationToken ct)
    {
        if (publicKey is not { Length: 32 })
        {
            return Task.FromResult<IngestProject?>(null);
        }
        return LookUpAsync(SentryCacheKey(publicKey, projectNumber),
            $"{SelectProject} WHERE sentry_key = @key AND number = @number", publicKey, projectNumber, ct);
    }

    private async Task<IngestProject?> LookUpAsync(string cacheKey, string sql, object key, long? number, CancellationToken ct)
    {
        if (_cache.TryGetValue(cacheKey, out IngestProject? cached))
        {
            return cached;
        }

        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("key", key);
        if (number is not null)
        {
            command.Parameters.AddWithValue("number", number.Value);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var project = await reader.ReadAsync(ct)
            ? new IngestProject(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.GetFieldValue<string[]>(2), reader.GetBoolean(3),
                reader.GetFieldValue<string[]>(4), reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetInt64(6))
            : null;
        _cache.Set(cacheKey, project, new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = project is null ? UnknownKeyLifetime : KnownKeyLifetime,
        });
        return project;
    }

    // Called after the project's row changed (committed): this replica forgets at once, the others when the
    // message reaches them, a moment later.
    public async Task ForgetAsync(byte[] keyHash, string sentryKey, long projectNumber)
    {
        var message = CacheKey(keyHash) + "\n" + SentryCacheKey(sentryKey, projectNumber);
        Evict(message);
        try
        {
            await _redis.GetSubscriber().PublishAsync(InvalidationChannel, message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _logger.LogWarning(ex, "Could not tell the other ingest replicas about a changed project key; they keep the old answer for at most {Lifetime}.",
                KnownKeyLifetime);
        }
    }

    private void Evict(RedisValue message)
    {
        foreach (var cacheKey in ((string?)message ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            _cache.Remove(cacheKey);
        }
    }

    private static string CacheKey(byte[] hash) => "ingest-key:" + Convert.ToHexString(hash);

    private static string SentryCacheKey(string publicKey, long projectNumber) => $"sentry-key:{projectNumber}:{publicKey}";

    public void Dispose()
    {
        _redis.ConnectionRestored -= OnConnectionRestored;
        _cache.Dispose();
    }
}
