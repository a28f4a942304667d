using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FiveHundreds.Tests.Ingest;

[Collection(IngestCollection.Name)]
public sealed class IngestTelemetryTests(IngestFixture ingest)
{
    [Fact]
    public async Task The_ingest_meter_counts_accepted_and_dropped_events_commits_and_the_queue()
    {
        // Other test hosts in this process have a meter of the same name: only this host's factory counts.
        var meters = ingest.Factory.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == IngestTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, tags, _) => measurements.Enqueue((i.Name, value, Reason(tags))));
        listener.SetMeasurementEventCallback<int>((i, value, tags, _) => measurements.Enqueue((i.Name, value, Reason(tags))));
        listener.SetMeasurementEventCallback<double>((i, value, tags, _) => measurements.Enqueue((i.Name, value, Reason(tags))));
        listener.Start();

        var project = await ingest.CreateProjectAsync();
        await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        (await ingest.PostEventAsync(project.Key, """{"level":"error"}""")).Dispose();
        (await ingest.PostEventAsync("no-such-key", EventSamples.DivisionInCheckout().Json())).Dispose();
        // The commit is counted right after its senders were answered.
        for (var i = 0; i < 50 && !measurements.Any(m => m.Instrument == "fivehundreds.ingest.commit.duration"); i++)
        {
            await Task.Delay(100);
        }
        listener.RecordObservableInstruments();

        Assert.True(Sum(measurements, "fivehundreds.ingest.events.accepted") >= 1);
        Assert.Contains(measurements, m => m is { Instrument: "fivehundreds.ingest.events.dropped", Reason: "invalid" });
        Assert.Contains(measurements, m => m is { Instrument: "fivehundreds.ingest.events.dropped", Reason: "unknown_key" });
        Assert.Contains(measurements, m => m is { Instrument: "fivehundreds.ingest.batch.size", Value: >= 1 });
        Assert.Contains(measurements, m => m is { Instrument: "fivehundreds.ingest.commit.duration", Value: > 0 });
        Assert.Contains(measurements, m => m.Instrument == "fivehundreds.ingest.queue.events");
        Assert.Contains(measurements, m => m.Instrument == "fivehundreds.ingest.queue.bytes");
    }

    [Fact]
    public async Task Parsing_and_the_group_commit_are_traced()
    {
        var names = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IngestTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => names.Enqueue(activity.OperationName),
        };
        ActivitySource.AddActivityListener(listener);

        var project = await ingest.CreateProjectAsync();
        await ingest.SendEventAsync(project.Key, EventSamples.DivisionInCheckout().Json());
        for (var i = 0; i < 50 && !names.Contains("group commit"); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains("parse event", names);
        Assert.Contains("group commit", names);
    }

    private static string? Reason(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "reason")
            {
                return tag.Value as string;
            }
        }
        return null;
    }

    private static double Sum(IEnumerable<(string Instrument, double Value, string? Reason)> measurements, string instrument) =>
        measurements.Where(m => m.Instrument == instrument).Sum(m => m.Value);
}
