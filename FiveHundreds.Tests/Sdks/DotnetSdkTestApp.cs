using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using FiveHundreds.Sdk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FiveHundreds.Tests.Sdks;

// A small ASP.NET Core app on a real loopback port, with or without the SDK, set up the documented way.
public sealed class DotnetSdkTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DotnetSdkTestApp(WebApplication app, DotnetSdkLogSink logs)
    {
        _app = app;
        Logs = logs;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public DotnetSdkLogSink Logs { get; }

    public FiveHundredsClient Sdk => _app.Services.GetRequiredService<FiveHundredsClient>();

    // sdk null: the same app without the SDK, the reference its answers are compared with.
    public static async Task<DotnetSdkTestApp> StartAsync(Action<FiveHundredsOptions>? sdk)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new DotnetSdkLogSink();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        if (sdk is not null)
        {
            builder.Services.AddFiveHundreds(sdk);
        }
        var app = builder.Build();
        if (sdk is not null)
        {
            app.UseFiveHundreds();
        }
        app.MapGet("/ok", DotnetSdkTestEndpoints.Ok);
        app.MapGet("/boom", DotnetSdkTestEndpoints.Boom);
        app.MapPost("/orders", DotnetSdkTestEndpoints.PlaceOrder);
        app.MapPost("/orders-form", DotnetSdkTestEndpoints.PlaceFormOrderAsync);
        app.MapPost("/upload", DotnetSdkTestEndpoints.UploadAsync);
        app.MapGet("/refund/{variant:int}", DotnetSdkTestEndpoints.Refund);
        await app.StartAsync();
        return new DotnetSdkTestApp(app, logs);
    }

    // The app with the SDK sending to the endpoint with the key; more sets any other option.
    public static Task<DotnetSdkTestApp> StartAsync(Uri endpoint, string key, Action<FiveHundredsOptions>? more = null) =>
        StartAsync(o =>
        {
            o.Endpoint = endpoint;
            o.Key = key;
            more?.Invoke(o);
        });

    // Every kind of request the tests make, answered as (status, content type, body) and timed.
    public async Task<(IReadOnlyList<string> Answers, TimeSpan Slowest)> ExerciseAsync(int rounds = 1)
    {
        var answers = new List<string>();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < rounds; i++)
        {
            foreach (var send in new Func<Task<HttpResponseMessage>>[]
            {
                () => Http.GetAsync("/ok"),
                () => Http.GetAsync("/boom?page=2&token=abc"),
                () => Http.PostAsJsonAsync("/orders", new DotnetSdkOrder("book", "hunter2")),
            })
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await send();
                var body = await response.Content.ReadAsStringAsync();
                var elapsed = Stopwatch.GetElapsedTime(started);
                slowest = elapsed > slowest ? elapsed : slowest;
                answers.Add($"{(int)response.StatusCode} {response.Content.Headers.ContentType} {body}");
            }
        }
        return (answers, slowest);
    }

    public async Task<TimeSpan> StopAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await _app.StopAsync();
        return Stopwatch.GetElapsedTime(started);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}

public sealed record DotnetSdkOrder(string Item, string Password);

// Named handlers, so that the throwing frame has a stable name and line.
public static class DotnetSdkTestEndpoints
{
    public const string BoomMessage = "checkout failed for order 42";

    public static string Ok() => "ok";

    public static string Boom() => throw new InvalidOperationException(BoomMessage);

    // The same error from two lines of one function: what a line that moved between deploys looks like.
    public static string Refund(int variant)
    {
        if (variant == 0)
        {
            throw new InvalidOperationException("refund failed");
        }
        throw new InvalidOperationException("refund failed, second line");
    }

    public static string PlaceOrder(DotnetSdkOrder order) => throw new ArgumentException($"cannot place an order for {order.Item}");

    public static async Task<string> PlaceFormOrderAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        throw new ArgumentException($"cannot place an order for {form["item"]}");
    }

    // Reads the whole upload, so the message says how much of it reached the app through the SDK's middleware.
    public static async Task<string> UploadAsync(HttpRequest request)
    {
        var length = 0L;
        var buffer = new byte[64 * 1024];
        for (var read = await request.Body.ReadAsync(buffer); read > 0; read = await request.Body.ReadAsync(buffer))
        {
            length += read;
        }
        throw new InvalidOperationException($"upload of {length} bytes rejected");
    }
}

// Keeps what the app logs, to show that the only errors are the app's own and how often the SDK warned.
public sealed class DotnetSdkLogSink : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(DotnetSdkLogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue((category, logLevel, formatter(state, exception), exception));
    }
}
