using Npgsql;

namespace FiveHundreds.Ingest.Alerts;

// Tells the storage-full alert rules of every project that the storage guard refuses events: one delivery per
// destination of each enabled rule, unless the rule was told within its quiet period. The deliveries then take
// the dispatcher's usual way (retries, delivery log). An advisory lock keeps two replicas' guards from both
// deciding that a rule is due.
public sealed class StorageAlerts(NpgsqlDataSource dataSource, AlertDispatchSignal signal)
{
    // Any fixed number; it only has to differ from the application's other advisory locks.
    private const long StorageAlertLock = 0x5F0A_1E47;

    public async Task RaiseAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT pg_advisory_xact_lock(@lock);
            INSERT INTO alert_deliveries (id, project_id, rule_id, destination_id, issue_id, is_test, trigger, held_back_events,
                                          state, attempts, next_attempt_at, created_at)
            SELECT gen_random_uuid(), r.project_id, r.id, d.id, NULL, false, 'storage_full', 0, 'pending', 0, now(), now()
            FROM alert_rules r
            JOIN alert_destinations d ON d.id = ANY (r.destination_ids) AND d.project_id = r.project_id
            WHERE r.enabled AND r.trigger = 'storage_full'
              AND NOT EXISTS (
                  SELECT 1 FROM alert_deliveries told
                  WHERE told.rule_id = r.id AND told.trigger = 'storage_full' AND NOT told.is_test
                    AND told.created_at > now() - make_interval(mins => r.quiet_period_minutes))
            """, connection, transaction);
        command.Parameters.AddWithValue("lock", StorageAlertLock);
        var raised = await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        if (raised > 0)
        {
            signal.Notify();
        }
    }
}
