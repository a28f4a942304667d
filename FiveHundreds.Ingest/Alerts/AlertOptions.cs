namespace FiveHundreds.Ingest.Alerts;

public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    // Whether this replica runs the dispatcher; every replica may, they share the work safely.
    public bool DispatcherEnabled { get; set; } = true;

    // How long a rule changed through another replica may go unseen by this one's intake.
    public TimeSpan RuleCacheRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

    // How often the dispatcher looks for work it was not woken for (other replicas' events, retries due).
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // The first retry waits this long, each next one twice as long, capped at MaximumBackoff.
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaximumBackoff { get; set; } = TimeSpan.FromHours(1);

    // After this long since the delivery was created, a failed attempt marks it failed for good.
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    public int ClaimBatchSize { get; set; } = 50;
}
