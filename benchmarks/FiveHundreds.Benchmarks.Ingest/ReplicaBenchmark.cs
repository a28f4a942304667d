using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;

namespace FiveHundreds.Benchmarks.Ingest;

// The intake benchmark against the AppHost's ingest endpoint (DCP's proxy in front of the replicas), first with one
// ingest replica and then with two (Replicas:Ingest), each on a stack of its own started by the AppHost over a
// fresh data folder. Every acknowledged event must be stored, and counted, exactly once.
internal static class ReplicaBenchmark
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);

    private sealed record Outcome(int Replicas, RunResult Run, int Acknowledged, long Stored, long Counted, long Held)
    {
        public bool CountedOnce => Stored == Acknowledged && Counted == Acknowledged && Held == Acknowledged;
    }

    public static async Task<bool> RunAsync(BenchmarkOptions options)
    {
        Console.WriteLine($"Replica benchmark: {options.Events} events (+{options.Warmup} warm-up), {options.Concurrency} concurrent senders, " +
                          "through the AppHost's ingest endpoint with 1 and then 2 ingest replicas; PostgreSQL and Redis as the AppHost runs them.");
        Console.WriteLine($"This machine has {Environment.ProcessorCount} cores, shared by PostgreSQL, Redis, the replicas and this load generator.");
        // Each row as soon as it is measured: a stack that fails to start still leaves the rows before it.
        Console.WriteLine();
        Console.WriteLine("| ingest replicas | events/s | p50 ms | p99 ms | acknowledged | stored of those | sum of event_count | events held |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var outcomes = new List<Outcome>();
        foreach (var replicas in new[] { 1, 2 })
        {
            var o = await MeasureAsync(replicas, options);
            Console.WriteLine($"| {o.Replicas} | {o.Run.EventsPerSecond:F0} | {o.Run.Percentile(50):F1} | {o.Run.Percentile(99):F1} | " +
                              $"{o.Acknowledged} | {o.Stored} | {o.Counted} | {o.Held} |");
            outcomes.Add(o);
        }
        Console.WriteLine();
        Console.WriteLine($"ratio 2 replicas / 1 replica: {outcomes[1].Run.EventsPerSecond / outcomes[0].Run.EventsPerSecond:F2}");
        return Measurements.PrintChecks([.. outcomes.Select(o => ($"{o.Replicas} replica(s): every acknowledged event stored and counted once", o.CountedOnce))]);
    }

    private static async Task<Outcome> MeasureAsync(int replicas, BenchmarkOptions options)
    {
        var dataDirectory = ServerDataDirectory.Create("fivehundreds-replicas-");
        var adminToken = Guid.NewGuid().ToString("N");
        using var cts = new CancellationTokenSource(StartTimeout);
        DistributedApplication? app = null;
        try
        {
            app = await AppHostStack.StartAsync(dataDirectory, adminToken, "pw-" + Guid.NewGuid().ToString("N")[..16],
                [$"Replicas:Ingest={replicas}", "SelfReport=false"], null, cts.Token);
            var ingest = app.GetEndpoint("ingest", "http");
            await EveryReplicaAnswersAsync(ingest, replicas, cts.Token);
            var triage = new TriageApiClient(new HttpClient(new BearerTokenHandler(() => adminToken) { InnerHandler = new HttpClientHandler() }) { BaseAddress = ingest });
            var warmup = await IngestBenchmark.CreateProjectAsync(triage);
            await IngestBenchmark.SendAsync(ingest, warmup.Key, options.Warmup, options.Concurrency, seed: 1);

            var measured = await IngestBenchmark.CreateProjectAsync(triage);
            var acknowledged = new ConcurrentBag<Guid>();
            var run = await IngestBenchmark.SendAsync(ingest, measured.Key, options.Events, options.Concurrency, seed: 2, acknowledged);
            var connectionString = await app.GetConnectionStringAsync("fivehundreds", cts.Token)
                ?? throw new InvalidOperationException("The AppHost gave no connection string for the database.");
            var (stored, counted, held) = await IngestBenchmark.VerifyAsync(connectionString, measured.Id, acknowledged);
            return new Outcome(replicas, run, acknowledged.Count, stored, counted, held);
        }
        finally
        {
            // A stack that failed to start is stopped too, and its data folder goes either way.
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    // The proxy sends each new connection to the next replica: a row of healthy answers on fresh connections, a few
    // per replica, means every replica takes requests before the clock starts.
    private static async Task EveryReplicaAnswersAsync(Uri ingest, int replicas, CancellationToken ct)
    {
        var healthy = 0;
        while (healthy < replicas * 4)
        {
            using var http = new HttpClient { BaseAddress = ingest };
            try
            {
                using var response = await http.GetAsync("/health", ct);
                healthy = response.IsSuccessStatusCode ? healthy + 1 : 0;
            }
            catch (HttpRequestException)
            {
                healthy = 0;
            }
            if (healthy == 0)
            {
                await Task.Delay(500, ct);
            }
        }
    }
}
