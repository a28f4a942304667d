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

// Throughput of a small ASP.NET Core app whose endpoint always throws: without the SDK, with the SDK sending to
// a local intake stand-in that answers 201, and with the SDK pointed at a server that never answers. The
// three run in turns, several rounds, in one process, so they share the machine's conditions.
internal static class LoadRun
{
    private sealed record Setup(string Name, WebApplication App, List<double> Throughputs);

    public static async Task RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 5);
        var rounds = Option(args, "--rounds", 3);
        var concurrency = Option(args, "--concurrency", 16);

        await using var intake = await StartIntakeAsync();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentUri = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");

        Setup[] setups =
        [
            new("without SDK", await StartAppAsync(null), []),
            new("with SDK", await StartAppAsync(new Uri(intake.Urls.First())), []),
            new("with SDK, server never answers", await StartAppAsync(silentUri), []),
        ];
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        Console.WriteLine($"Load: GET /boom (throws), {concurrency} concurrent clients, {rounds} rounds of {seconds} s per setup");
        foreach (var setup in setups)
        {
            await DriveAsync(http, setup.App, concurrency, TimeSpan.FromSeconds(2)); // warm-up
        }
        for (var round = 0; round < rounds; round++)
        {
            foreach (var setup in setups)
            {
                setup.Throughputs.Add(await DriveAsync(http, setup.App, concurrency, TimeSpan.FromSeconds(seconds)));
            }
        }

        var reference = Median(setups[0].Throughputs);
        foreach (var setup in setups)
        {
            var median = Median(setup.Throughputs);
            var counters = setup.App.Services.GetService<FiveHundredsClient>() is { } sdk
                ? $"  (sent {sdk.SentCount}, dropped {sdk.DroppedCount}, failed {sdk.FailedCount})"
                : "";
            Console.WriteLine($"{setup.Name,-32} {median,9:F0} req/s median  ratio {median / reference,6:P1}  rounds: {string.Join(", ", setup.Throughputs.Select(t => t.ToString("F0")))}{counters}");
        }
        foreach (var setup in setups)
        {
            await setup.App.DisposeAsync();
        }
    }

    private static async Task<double> DriveAsync(HttpClient http, WebApplication app, int concurrency, TimeSpan duration)
    {
        var url = new Uri(new Uri(app.Urls.First()), "/boom");
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
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
        return counts.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<WebApplication> StartAppAsync(Uri? sdkEndpoint)
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

    private static async Task<WebApplication> StartIntakeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/api/v1/events", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
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
