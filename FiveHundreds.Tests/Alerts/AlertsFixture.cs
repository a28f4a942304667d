using FiveHundreds.Tests.Infrastructure;

namespace FiveHundreds.Tests.Alerts;

// The ingest with a fast dispatcher (short poll, backoff and attempt timeout), a real webhook receiver that
// fails or hangs on the paths that say so, and a real SMTP server.
public sealed class AlertsFixture : IngestFixture
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1.5);

    public AlertReceiver Receiver { get; private set; } = null!;
    public SmtpCatcher Smtp { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
    [
        new("Alerts:PollInterval", "00:00:00.200"),
        new("Alerts:BackoffBase", "00:00:00.300"),
        new("Alerts:MaximumBackoff", "00:00:02"),
        new("Alerts:AttemptTimeout", AttemptTimeout.ToString()),
        new("Alerts:RuleCacheRefreshInterval", "00:00:00.500"),
        new("Alerts:Smtp:Host", "127.0.0.1"),
        new("Alerts:Smtp:Port", Smtp.Port.ToString()),
        new("Alerts:Smtp:Security", "None"),
        new("Alerts:Smtp:From", "FiveHundreds <alerts@fivehundreds.test>"),
        new("IgnoreExpiry:CheckInterval", "00:00:00.500"),
    ];

    public override async Task InitializeAsync()
    {
        Receiver = await AlertReceiver.StartAsync((path, n) => path switch
        {
            _ when path.StartsWith("fail-twice") && n < 2 => (500, TimeSpan.Zero),
            _ when path.StartsWith("hang-once") && n == 0 => (200, AttemptTimeout * 3),
            _ => (200, TimeSpan.Zero),
        });
        await Smtp.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AlertsCollection : ICollectionFixture<AlertsFixture>
{
    public const string Name = "Alerts";
}
