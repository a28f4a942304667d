using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FiveHundreds.Ingest.Intake;

// The intake's meter and activity source. Both carry the service's name, which ServiceDefaults subscribes to
// (the "FiveHundreds.*" meters and the application's ActivitySource), so they reach the Aspire dashboard.
public sealed class IngestTelemetry
{
    public const string Name = "FiveHundreds.Ingest";

    // Shared by every step of the ingest that traces its work (parsing, group commit, what comes after a commit).
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _dropped;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;

    public IngestTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name);
        _accepted = _meter.CreateCounter<long>("fivehundreds.ingest.events.accepted", "{event}", "Events stored and acknowledged.");
        _dropped = _meter.CreateCounter<long>("fivehundreds.ingest.events.dropped", "{event}", "Intake requests refused, by reason.");
        _batchSize = _meter.CreateHistogram<int>("fivehundreds.ingest.batch.size", "{event}", "Events per group commit.");
        _commitDuration = _meter.CreateHistogram<double>("fivehundreds.ingest.commit.duration", "s", "Time one group commit took.");
    }

    public void Committed(int events, TimeSpan duration)
    {
        _accepted.Add(events);
        _batchSize.Record(events);
        _commitDuration.Record(duration.TotalSeconds);
    }

    public void Dropped(Exception reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", DropReasons.Of(reason)));

    public void ObserveQueue(Func<long> events, Func<long> bytes)
    {
        _meter.CreateObservableGauge("fivehundreds.ingest.queue.events", events, "{event}", "Events waiting for their group commit.");
        _meter.CreateObservableGauge("fivehundreds.ingest.queue.bytes", bytes, "By", "Memory the waiting events' documents take.");
    }
}
