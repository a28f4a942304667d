using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace FiveHundreds.Ingest.Intake;

public sealed record IngestProject(Guid Id, int? RateLimitPerMinute);

// Finds the project an ingest key belongs to. Answers are cached briefly so that a burst of events costs no
// database round trip per event; a rotation in this process evicts the old key at once.
public sealed class ProjectKeyResolver(NpgsqlDataSource dataSource, IMemoryCache cache)
{
    private static readonly TimeSpan KnownKeyLifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UnknownKeyLifetime = TimeSpan.FromSeconds(5);

    public async Task<IngestProject?> ResolveAsync(string? key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
        {
            return null;
        }
        var hash = SecretHasher.Hash(key);
        var cacheKey = CacheKey(hash);
        if (cache.TryGetValue(cacheKey, out IngestProject? cached))
        {
            return cached;
        }

        await using var command = dataSource.CreateCommand("SELECT id, rate_limit_per_minute FROM projects WHERE key_hash = @hash");
        command.Parameters.AddWithValue("hash", hash);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var project = await reader.ReadAsync(ct)
            ? new IngestProject(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetInt32(1))
            : null;
        cache.Set(cacheKey, project, project is null ? UnknownKeyLifetime : KnownKeyLifetime);
        return project;
    }

    public void Forget(byte[] keyHash) => cache.Remove(CacheKey(keyHash));

    private static string CacheKey(byte[] hash) => "ingest-key:" + Convert.ToHexString(hash);
}
