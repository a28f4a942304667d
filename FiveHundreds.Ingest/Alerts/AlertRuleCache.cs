using System.Collections.Frozen;
using FiveHundreds.Ingest.Infrastructure.EntityConfigurations;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FiveHundreds.Ingest.Alerts;

// Every enabled rule, by project, for the intake's group commit. One query loads them all; a change made
// through this replica's API drops the copy at once, a change made through another replica is seen after
// the refresh interval.
public sealed class AlertRuleCache(NpgsqlDataSource dataSource, IOptions<AlertOptions> options, TimeProvider clock)
{
    private readonly TimeSpan _refreshInterval = options.Value.RuleCacheRefreshInterval;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private Snapshot? _snapshot;

    public async ValueTask<FrozenDictionary<Guid, AlertRuleFilter[]>> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_snapshot is { } fresh && clock.GetUtcNow() - fresh.LoadedAt < _refreshInterval)
        {
            return fresh.RulesByProject;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } loaded && clock.GetUtcNow() - loaded.LoadedAt < _refreshInterval)
            {
                return loaded.RulesByProject;
            }
            var startedAt = clock.GetUtcNow();
            var rules = await LoadAsync(cancellationToken);
            _snapshot = new Snapshot(rules, startedAt);
            return rules;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Invalidate() => _snapshot = null;

    private async Task<FrozenDictionary<Guid, AlertRuleFilter[]>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, project_id, trigger, minimum_level, environment, text_contains FROM alert_rules WHERE enabled");
        var rules = new List<AlertRuleFilter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new AlertRuleFilter(
                reader.GetGuid(0),
                reader.GetGuid(1),
                WireWords.Parse<AlertTrigger>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : WireWords.Parse<EventLevel>(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return rules.GroupBy(r => r.ProjectId).ToFrozenDictionary(g => g.Key, g => g.ToArray());
    }

    private sealed record Snapshot(FrozenDictionary<Guid, AlertRuleFilter[]> RulesByProject, DateTimeOffset LoadedAt);
}
