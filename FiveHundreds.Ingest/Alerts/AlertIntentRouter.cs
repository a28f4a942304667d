using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Alerts;

// Turns outbox intents into deliveries, one per destination of the rule, after noise control. Intents are
// claimed with SKIP LOCKED and the rule-and-issue states locked in one fixed order, so several dispatchers
// share the work and never decide twice about the same intent.
public sealed class AlertIntentRouter(FiveHundredsDbContext db, IOptions<AlertOptions> options)
{
    // Answers how many intents it took. The transaction runs under the execution strategy, which retries it
    // whole after a transient failure.
    public Task<int> RouteAsync(CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(() => RouteOnceAsync(ct));

    private async Task<int> RouteOnceAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var batchSize = options.Value.ClaimBatchSize * 10;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var intents = await db.AlertIntents
            .FromSql($"SELECT * FROM alert_intents ORDER BY id LIMIT {batchSize} FOR UPDATE SKIP LOCKED")
            .AsNoTracking().ToListAsync(ct);
        if (intents.Count == 0)
        {
            return 0;
        }

        var ruleIds = intents.Select(i => i.RuleId).Distinct().ToList();
        var rules = await db.AlertRules.AsNoTracking().Where(r => ruleIds.Contains(r.Id) && r.Enabled).ToDictionaryAsync(r => r.Id, ct);
        var live = intents.Where(i => rules.ContainsKey(i.RuleId)).ToList();
        var pairs = live.Select(i => (i.RuleId, i.IssueId)).Distinct().Order().ToList();
        var pairRules = pairs.Select(p => p.RuleId).ToArray();
        var pairIssues = pairs.Select(p => p.IssueId).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO alert_issue_states (rule_id, issue_id, held_back_events, window_events, window_fired)
            SELECT k.rule_id, k.issue_id, 0, 0, false
            FROM unnest({pairRules}, {pairIssues}) AS k(rule_id, issue_id)
            JOIN issues i ON i.id = k.issue_id
            ORDER BY 1, 2
            ON CONFLICT DO NOTHING
            """, ct);
        var states = await db.AlertIssueStates.FromSql($"""
            SELECT s.* FROM alert_issue_states s
            JOIN unnest({pairRules}, {pairIssues}) AS k(rule_id, issue_id) ON s.rule_id = k.rule_id AND s.issue_id = k.issue_id
            ORDER BY s.rule_id, s.issue_id
            FOR UPDATE OF s
            """).ToDictionaryAsync(s => (s.RuleId, s.IssueId), ct);

        var destinationIds = rules.Values.SelectMany(r => r.DestinationIds).Distinct().ToList();
        var destinations = (await db.AlertDestinations.AsNoTracking().Where(d => destinationIds.Contains(d.Id))
            .Select(d => new { d.Id, d.ProjectId }).ToListAsync(ct)).ToHashSet();

        foreach (var intent in live)
        {
            if (!states.TryGetValue((intent.RuleId, intent.IssueId), out var state))
            {
                continue;
            }
            var rule = rules[intent.RuleId];
            if (AlertNoiseControl.Decide(rule, state, intent) is not { } heldBack)
            {
                continue;
            }
            foreach (var destinationId in rule.DestinationIds.Where(id => destinations.Contains(new { Id = id, rule.ProjectId })))
            {
                db.AlertDeliveries.Add(new AlertDelivery
                {
                    ProjectId = rule.ProjectId,
                    RuleId = rule.Id,
                    DestinationId = destinationId,
                    IssueId = intent.IssueId,
                    Trigger = rule.Trigger,
                    HeldBackEvents = heldBack,
                    NextAttemptAt = intent.CreatedAt,
                    CreatedAt = intent.CreatedAt,
                });
            }
        }
        await db.SaveChangesAsync(ct);
        var intentIds = intents.Select(i => i.Id).ToList();
        await db.AlertIntents.Where(i => intentIds.Contains(i.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return intents.Count;
    }
}
