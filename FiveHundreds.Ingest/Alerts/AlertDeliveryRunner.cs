using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Infrastructure.Entities;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Alerts;

// Sends the deliveries that are due. A claim (SKIP LOCKED) pushes the next attempt past the attempt's
// timeout, so no other dispatcher takes it meanwhile, and a process killed mid-send leaves it to be taken
// again when the claim expires: at least once, with the same delivery id for receivers to de-duplicate.
public sealed class AlertDeliveryRunner(
    FiveHundredsDbContext db, AlertNotificationFactory notifications, AlertDestinationProtector protector, AlertSender sender,
    IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertDeliveryRunner> logger)
{
    // Answers how many deliveries it claimed.
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var claim = settings.AttemptTimeout * 2 + TimeSpan.FromSeconds(5);
        var claimedIds = await db.Database.SqlQuery<Guid>($"""
            UPDATE alert_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + {claim}
            WHERE d.id IN (
                SELECT id FROM alert_deliveries
                WHERE state IN ('pending', 'retrying') AND next_attempt_at <= now()
                ORDER BY next_attempt_at
                LIMIT {settings.ClaimBatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING d.id AS "Value"
            """).ToListAsync(ct);
        if (claimedIds.Count == 0)
        {
            return 0;
        }
        using var activity = IngestTelemetry.ActivitySource.StartActivity("alert dispatch");
        activity?.SetTag("fivehundreds.alert.deliveries", claimedIds.Count);

        var deliveries = await db.AlertDeliveries.AsNoTracking().Where(d => claimedIds.Contains(d.Id)).ToListAsync(ct);
        var ruleIds = deliveries.Select(d => d.RuleId).Distinct().ToList();
        var rules = await db.AlertRules.AsNoTracking().Where(r => ruleIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var destinationIds = deliveries.Select(d => d.DestinationId).Distinct().ToList();
        var destinations = await db.AlertDestinations.AsNoTracking().Where(d => destinationIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);

        // The database is read one delivery after another (one DbContext); the sends run side by side.
        var sends = new List<(AlertDelivery Delivery, Task Send)>();
        foreach (var delivery in deliveries)
        {
            var destination = destinations[delivery.DestinationId];
            var notification = delivery.Trigger == AlertTrigger.StorageFull
                ? await notifications.ForStorageAsync(delivery.Id, rules[delivery.RuleId], ct)
                : await notifications.ForIssueAsync(delivery.Id, rules[delivery.RuleId], delivery.Trigger, delivery.IssueId!.Value, delivery.HeldBackEvents, ct);
            sends.Add((delivery, sender.SendAsync(destination.Channel, protector.Unprotect(destination.ProtectedSettings), notification, ct)));
        }
        foreach (var (delivery, send) in sends)
        {
            try
            {
                await send;
                await RecordAsync(delivery, AlertDeliveryState.Sent, null, null, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                var giveUp = now - delivery.CreatedAt >= settings.GiveUpAfter;
                logger.LogWarning("Alert delivery {DeliveryId} attempt {Attempt} failed{Final}: {Error}",
                    delivery.Id, delivery.Attempts, giveUp ? " for good" : "", ex.Message);
                await RecordAsync(delivery, giveUp ? AlertDeliveryState.Failed : AlertDeliveryState.Retrying, ex.Message,
                    now + Backoff(delivery.Attempts), ct);
            }
        }
        return claimedIds.Count;
    }

    // base, 2×base, 4×base … capped, from the first retry on.
    public TimeSpan Backoff(int attempts)
    {
        var settings = options.Value;
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(settings.BackoffBase.Ticks * factor, settings.MaximumBackoff.Ticks));
    }

    // Only the attempt that holds the claim records its outcome: one whose claim expired and was taken again
    // by another dispatcher leaves the row to that one.
    private Task RecordAsync(AlertDelivery delivery, AlertDeliveryState state, string? error, DateTimeOffset? nextAttemptAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutError = error is { Length: > 1000 } ? error[..1000] : error;
        return db.AlertDeliveries
            .Where(d => d.Id == delivery.Id && d.Attempts == delivery.Attempts)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, state)
                .SetProperty(d => d.LastError, cutError)
                .SetProperty(d => d.SentAt, state == AlertDeliveryState.Sent ? now : null)
                .SetProperty(d => d.NextAttemptAt, nextAttemptAt ?? now), ct);
    }
}
