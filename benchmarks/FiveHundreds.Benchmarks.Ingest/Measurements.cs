using System.Diagnostics;

namespace FiveHundreds.Benchmarks.Ingest;

internal sealed record RunResult(int Events, TimeSpan Elapsed, double[] LatenciesMs)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;
    public double Percentile(double p) => Measurements.Percentile(LatenciesMs, p);
}

internal static class Measurements
{
    // One PASS or MISS line per target; true when every target was met.
    public static bool PrintChecks(IReadOnlyCollection<(string Name, bool Ok)> checks)
    {
        foreach (var (name, ok) in checks)
        {
            Console.WriteLine($"{(ok ? "PASS" : "MISS")}  {name}");
        }
        return checks.All(c => c.Ok);
    }

    public static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    // Runs the operation 5 times to warm up, then `samples` times one after another; each latency is one run's.
    public static async Task<double[]> TimeAsync(int samples, Func<Task> operation)
    {
        for (var i = 0; i < 5; i++)
        {
            await operation();
        }
        var latencies = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await operation();
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return latencies;
    }

    // Runs `count` operations from `concurrency` senders as fast as they go; each latency is one operation's.
    public static async Task<RunResult> RunAsync(int count, int concurrency, Func<int, Task> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(i);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        return new RunResult(count, clock.Elapsed, latencies);
    }
}
