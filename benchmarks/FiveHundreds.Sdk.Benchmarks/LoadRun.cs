using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FiveHundreds.Sdk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FiveHundreds.Sdk.Benchmarks;

// Throughput of a small ASP.NET Core app whose endpoint always throws: without the SDK; with the SDK sending to
// a local intake stand-in that accepts every event, or that limits like the ingest's default; and with the SDK
// pointed at a server that never answers. They run in turns, several rounds, in one process, so they share
// the machine's conditions (the stand-in's own work included, which a real ingest would do elsewhere).
internal static class LoadRun
{
    // The ingest's default per-project limit: past it, it answers 429 with Retry-After until the minute is over.
    private const int IngestDefaultLimitPerMinute = 6000;

    // CPU per request is printed beside throughput: other processes on a shared machine move throughput
    // much more than they move the CPU time this process spends per request.
    private sealed record Setup(string Name, WebApplication App, List<double> Throughputs, List<double> CpuPerRequest);

    public static async Task RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 2);
        var rounds = Option(args, "--rounds", 8);
        var concurrency = Option(args, "--concurrency", 16);

        await using var intake = await StartIntakeAsync(perMinute: null);
        await using var limitedIntake = await StartIntakeAsync(perMinute: IngestDefaultLimitPerMinute);
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentUri = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");

        Setup[] setups =
        [
            new("without SDK", await StartAppAsync(null), [], []),
            new("with SDK, every event accepted", await StartAppAsync(new Uri(intake.Urls.First())), [], []),
            new($"with SDK, {IngestDefaultLimitPerMinute}/min limit", await StartAppAsync(new Uri(limitedIntake.Urls.First())), [], []),
            new("with SDK, server never answers", await StartAppAsync(silentUri), [], []),
            // Every error captured: what the per-second budget saves in a flood like this one.
            new("as above, no per-second budget", await StartAppAsync(silentUri, maxEventsPerSecond: 0), [], []),
        ];
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        Console.WriteLine($"Load: GET /boom (throws), {concurrency} concurrent clients, {rounds} rounds of {seconds} s per setup");
        foreach (var setup in setups)
        {
            await DriveAsync(http, setup.App, concurrency, TimeSpan.FromSeconds(2)); // warm-up
        }
        for (var round = 0; round < rounds; round++)
        {
            // Every other round runs the setups backwards, so that a drift in the machine's load favours none.
            foreach (var setup in round % 2 == 0 ? setups : setups.Reverse())
            {
                var (throughput, cpuPerRequest) = await DriveAsync(http, setup.App, concurrency, TimeSpan.FromSeconds(seconds));
                setup.Throughputs.Add(throughput);
                setup.CpuPerRequest.Add(cpuPerRequest);
            }
        }

        // Ratios are taken round by round against the run without the SDK in the same round, then the median.
        var reference = setups[0];
        foreach (var setup in setups)
        {
            var median = Median(setup.Throughputs);
            var cpu = Median(setup.CpuPerRequest);
            var ratio = Median(setup.Throughputs.Select((t, i) => t / reference.Throughputs[i]).ToList());
            var cpuRatio = Median(setup.CpuPerRequest.Select((c, i) => reference.CpuPerRequest[i] / c).ToList());
            var counters = setup.App.Services.GetService<FiveHundredsClient>() is { } sdk
                ? $"  (sent {sdk.SentCount}, dropped {sdk.DroppedCount}, failed {sdk.FailedCount}, skipped over {sdk.Options.MaxEventsPerSecond}/s {sdk.SkippedCount})"
                : "";
            Console.WriteLine($"{setup.Name,-32} {median,7:F0} req/s median, ratio {ratio,6:P1} | {cpu,5:F1} µs CPU/request, ratio {cpuRatio,6:P1} | rounds: {string.Join(", ", setup.Throughputs.Select(t => t.ToString("F0")))}{counters}");
        }
        foreach (var setup in setups)
        {
            await setup.App.DisposeAsync();
        }
    }

    private static async Task<(double Throughput, double CpuMicrosecondsPerRequest)> DriveAsync(HttpClient http, WebApplication app, int concurrency, TimeSpan duration)
    {
        var url = new Uri(new Uri(app.Urls.First()), "/boom");
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var cpuStarted = Process.GetCurrentProcess().TotalProcessorTime;
        var counts = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var count = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                using var response = await http.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.InternalServerError)
                {
                    throw new InvalidOperationException($"/boom answered {response.StatusCode}");
                }
                count++;
            }
            return count;
        }));
        var requests = counts.Sum();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStarted;
        return (requests / Stopwatch.GetElapsedTime(started).TotalSeconds, cpu.TotalMicroseconds / requests);
    }

    private static async Task<WebApplication> StartAppAsync(Uri? sdkEndpoint, int maxEventsPerSecond = 100)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // Kestrel logs each unhandled exception; that cost is the same with and without the SDK, and only noise here.
        builder.Logging.ClearProviders();
        if (sdkEndpoint is not null)
        {
            builder.Services.AddFiveHundreds(o =>
            {
                o.Endpoint = sdkEndpoint;
                o.Key = "load";
                o.MaxEventsPerSecond = maxEventsPerSecond;
            });
        }
        var app = builder.Build();
        if (sdkEndpoint is not null)
        {
            app.UseFiveHundreds();
        }
        app.MapGet("/boom", Checkout.PlaceOrder);
        await app.StartAsync();
        return app;
    }

    // Stands in for the ingest on this machine: reads each event and answers 201, or 429 once over the limit.
    private static async Task<WebApplication> StartIntakeAsync(int? perMinute)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var window = Stopwatch.StartNew();
        var accepted = 0;
        long currentMinute = 0;
        app.MapPost("/api/v1/events", async (HttpRequest request, HttpResponse response) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            var minute = (long)window.Elapsed.TotalMinutes;
            if (Interlocked.Exchange(ref currentMinute, minute) != minute)
            {
                Interlocked.Exchange(ref accepted, 0);
            }
            if (perMinute is { } limit && Interlocked.Increment(ref accepted) > limit)
            {
                response.Headers.RetryAfter = Math.Max(1, 60 - (int)window.Elapsed.TotalSeconds % 60).ToString();
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            }
            return Results.StatusCode(StatusCodes.Status201Created);
        });
        await app.StartAsync();
        return app;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

internal static class Checkout
{
    public static string PlaceOrder() => throw new InvalidOperationException("card declined");
}
