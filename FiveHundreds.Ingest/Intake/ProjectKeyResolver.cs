using FiveHundreds.Ingest.Infrastructure;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace FiveHundreds.Ingest.Intake;

// What the intake needs of a project: its rate limit and quotas, how its events are scrubbed and which web pages may send them.
public sealed record IngestProject(
    Guid Id, int? RateLimitPerMinute, IReadOnlyCollection<string> ScrubNames, bool StoreIpAddresses, IReadOnlyList<string> AllowedOrigins,
    int? EventsPerDayQuota, long? StoredBytesPerDayQuota);

// Finds the project an ingest key belongs to. Answers are cached briefly so that a burst of events costs no
// database round trip per event; a rotation in this process evicts the old key at once.
public sealed class ProjectKeyResolver(NpgsqlDataSource dataSource, IMemoryCache cache)
{
    private const string SelectProject = """
        SELECT id, rate_limit_per_minute, scrub_names, store_ip_addresses, allowed_origins, events_per_day_quota, stored_bytes_per_day_quota
        FROM projects
        """;

    private static readonly TimeSpan KnownKeyLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UnknownKeyLifetime = TimeSpan.FromSeconds(5);

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
        if (cache.TryGetValue(cacheKey, out IngestProject? cached))
        {
            return cached;
        }

        await using var command = dataSource.CreateCommand(sql);
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
        cache.Set(cacheKey, project, project is null ? UnknownKeyLifetime : KnownKeyLifetime);
        return project;
    }

    public void Forget(byte[] keyHash, string sentryKey, long projectNumber)
    {
        cache.Remove(CacheKey(keyHash));
        cache.Remove(SentryCacheKey(sentryKey, projectNumber));
    }

    private static string CacheKey(byte[] hash) => "ingest-key:" + Convert.ToHexString(hash);

    private static string SentryCacheKey(string publicKey, long projectNumber) => $"sentry-key:{projectNumber}:{publicKey}";
}
