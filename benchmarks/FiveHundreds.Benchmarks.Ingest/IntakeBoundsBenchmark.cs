using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using FiveHundreds.Tests.Ingest;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Benchmarks.Ingest;

// The intake under attack: the time of each pathological 1 MiB body against a normal 1 MiB event in the same
// run, then a flood of slow 1 MiB bodies (keyed and keyless) and pathological bodies on 200 connections while
// another project sends well-formed events, with the ingest's peak memory.
internal static class IntakeBoundsBenchmark
{
    private const int Samples = 20;
    private const int FloodConnections = 200;
    private static readonly TimeSpan FloodDuration = TimeSpan.FromSeconds(30);

    public static async Task<bool> RunAsync(BenchmarkEnvironment environment)
    {
        var attacker = await CreateProjectAsync(environment);
        var victim = await CreateProjectAsync(environment);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = FloodConnections + 16 })
        {
            BaseAddress = environment.Ingest.Address,
            Timeout = TimeSpan.FromMinutes(2),
        };

        var normal = await Gzip(PathologicalBodies.NormalEvent());
        var bodies = new List<(string Name, byte[] Body)>();
        foreach (var (name, json) in PathologicalBodies.All)
        {
            bodies.Add((name, await Gzip(json)));
        }
        Console.WriteLine($"Intake bounds benchmark: {bodies.Count} pathological bodies of {PathologicalBodies.Size / 1024} KiB (gzip), " +
                          $"{Samples} sends each, against a normal event of the same size, one at a time.");
        for (var i = 0; i < 3; i++)
        {
            await TimeAsync(http, attacker.Key, normal);
            foreach (var (_, body) in bodies)
            {
                await TimeAsync(http, attacker.Key, body);
            }
        }
        // Interleaved, so that the machine's background load falls on every body alike.
        var normalTimes = new List<double>();
        var times = bodies.ToDictionary(b => b.Name, _ => new List<double>());
        for (var i = 0; i < Samples; i++)
        {
            normalTimes.Add(await TimeAsync(http, attacker.Key, normal));
            foreach (var (name, body) in bodies)
            {
                times[name].Add(await TimeAsync(http, attacker.Key, body));
            }
        }
        var normalP99 = Measurements.Percentile([.. normalTimes], 99);
        Console.WriteLine();
        Console.WriteLine("| body | p50 ms | p99 ms | p99 / normal p99 |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| normal 1 MiB event (baseline) | {Measurements.Percentile([.. normalTimes], 50):F1} | {normalP99:F1} | 1.00 |");
        foreach (var (name, list) in times)
        {
            var p99 = Measurements.Percentile([.. list], 99);
            Console.WriteLine($"| {name} | {Measurements.Percentile([.. list], 50):F1} | {p99:F1} | {p99 / normalP99:F2} |");
        }
        var worst = times.Max(t => Measurements.Percentile([.. t.Value], 99)) / normalP99;
        Console.WriteLine();
        Console.WriteLine($"ratio worst pathological p99 / normal p99: {worst:F2}");

        var pathologicalSender = await CreateProjectAsync(environment);
        var flood = await FloodAsync(http, attacker.Key, pathologicalSender.Key, victim.Key, bodies.Select(b => b.Body).ToList());
        var peak = environment.Ingest.PeakResidentBytes();
        Console.WriteLine();
        Console.WriteLine($"Flood: {FloodConnections} connections for {FloodDuration.TotalSeconds:F0} s: slow 1 MiB bodies (keyed, keyless native, " +
                          "keyless envelopes) and pathological bodies; another project sends well-formed events meanwhile.");
        Console.WriteLine($"flood answers: {string.Join(", ", flood.FloodAnswers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}"))}");
        Console.WriteLine($"other project: {flood.VictimTimes.Count} events, answers {string.Join(", ", flood.VictimAnswers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}"))}, " +
                          $"p50 {Measurements.Percentile([.. flood.VictimTimes], 50):F1} ms, p99 {Measurements.Percentile([.. flood.VictimTimes], 99):F1} ms");
        Console.WriteLine($"ingest peak RSS over the whole run: {peak / 1024.0 / 1024.0:F0} MB");

        var victimAll201 = flood.VictimAnswers.Keys.All(k => k == "201");
        var checks = new (string Name, bool Ok)[]
        {
            ("worst pathological p99 <= 2 x normal p99", worst <= 2),
            ("peak RSS < 400 MB", peak < 400L * 1024 * 1024),
            ("other project: every event 201", victimAll201 && flood.VictimTimes.Count > 0),
            ("other project: p99 < 1 s", Measurements.Percentile([.. flood.VictimTimes], 99) < 1000),
            ("flood: no 5xx but 503", flood.FloodAnswers.Keys.All(k => k is not ['5', ..] || k == "503")),
        };
        foreach (var (name, ok) in checks)
        {
            Console.WriteLine($"{(ok ? "PASS" : "MISS")}  {name}");
        }
        return checks.All(c => c.Ok);
    }

    private sealed record FloodResult(ConcurrentDictionary<string, int> FloodAnswers, ConcurrentDictionary<string, int> VictimAnswers, ConcurrentBag<double> VictimTimes);

    // The slow senders and the pathological bodies come from two projects, so that each takes its own share of
    // the bytes in flight; the well-formed events from a third.
    private static async Task<FloodResult> FloodAsync(HttpClient http, string slowKey, string pathologicalKey, string victimKey,
        IReadOnlyList<byte[]> pathological)
    {
        var result = new FloodResult(new(), new(), new());
        using var stop = new CancellationTokenSource(FloodDuration);
        var connections = Enumerable.Range(0, FloodConnections).Select(i => Task.Run(async () =>
        {
            var random = new Random(i);
            while (!stop.IsCancellationRequested)
            {
                using var request = (i % 5) switch
                {
                    0 or 1 => Slow("/api/v1/events", ("X-Monolynx-Key", slowKey), random),
                    2 => Slow("/api/v1/events", null, random),
                    3 => Slow("/api/1/envelope/", null, random, envelope: true),
                    _ => Keyed(new ByteArrayContent(pathological[random.Next(pathological.Count)]) { Headers = { ContentEncoding = { "gzip" } } }, pathologicalKey),
                };
                result.FloodAnswers.AddOrUpdate(await StatusAsync(http, request, stop.Token), 1, (_, n) => n + 1);
            }
        })).ToList();
        var victims = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var request = Keyed(new StringContent(EventSamples.DivisionInCheckout().Json(), Encoding.UTF8, "application/json"), victimKey);
                var started = Stopwatch.GetTimestamp();
                var status = await StatusAsync(http, request, CancellationToken.None);
                result.VictimTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                result.VictimAnswers.AddOrUpdate(status, 1, (_, n) => n + 1);
                await Task.Delay(50);
            }
        })).ToList();
        await Task.WhenAll(victims);
        await Task.WhenAll(connections);
        return result;
    }

    private static async Task<string> StatusAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, ct);
            return ((int)response.StatusCode).ToString();
        }
        catch (OperationCanceledException)
        {
            return "cancelled at the end";
        }
        catch (HttpRequestException)
        {
            // The server closed the connection after refusing a body it did not want to read.
            return "connection closed";
        }
    }

    private static HttpRequestMessage Slow(string path, (string Name, string Value)? header, Random random, bool envelope = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new TrickleContent(envelope, random.Next(200, 400)) };
        if (header is var (name, value))
        {
            request.Headers.Add(name, value);
        }
        return request;
    }

    private static HttpRequestMessage Keyed(HttpContent content, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = content };
        request.Headers.Add("X-Monolynx-Key", key);
        return request;
    }

    private static async Task<double> TimeAsync(HttpClient http, string key, byte[] body)
    {
        using var request = Keyed(new ByteArrayContent(body) { Headers = { ContentEncoding = { "gzip" }, ContentType = new("application/json") } }, key);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if ((int)response.StatusCode >= 500)
        {
            throw new InvalidOperationException($"The ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return elapsed;
    }

    private static Task<byte[]> Gzip(string json) => EventSamples.Gzip(json).ReadAsByteArrayAsync();

    private static Task<ProjectKeyDto> CreateProjectAsync(BenchmarkEnvironment environment) =>
        environment.Triage.CreateProjectAsync(new CreateProjectRequest("bounds-" + Guid.NewGuid().ToString("N")[..6], RateLimitPerMinute: 100_000_000));

    // A 1 MiB body sent 16 KiB at a time with a pause between: a slow sender, about 20 s per body.
    private sealed class TrickleContent(bool envelope, int pauseMs) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[16 * 1024];
            Array.Fill(chunk, (byte)'x');
            await stream.WriteAsync(Encoding.UTF8.GetBytes(envelope ? "{\"event_id\":\"" : "{\"message\":\"m\",\"pad\":\""));
            for (var sent = 0; sent < 1024 * 1024; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
                await Task.Delay(pauseMs);
            }
            await stream.WriteAsync("\"}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
