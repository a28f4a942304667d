using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using FiveHundreds.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace FiveHundreds.Tests.Sdks;

public sealed record DotnetSdkIntakeAnswer(int Status, int? RetryAfterSeconds = null, TimeSpan Delay = default);

public sealed record DotnetSdkReceivedEvent(long Timestamp, string Path, string? Key, JsonElement Body)
{
    public string EventId => Body.GetProperty("event_id").GetString()!;
}

// A real HTTP server on loopback standing in for the intake: it records every event and answers as told
// (the n-th request, counted from 0, gets answer(n)).
public sealed class DotnetSdkIntakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private DotnetSdkIntakeServer(WebApplication app) => _app = app;

    public ConcurrentQueue<DotnetSdkReceivedEvent> Received { get; } = new();

    public Uri Endpoint => new(_app.Urls.First());

    public static async Task<DotnetSdkIntakeServer> StartAsync(Func<int, DotnetSdkIntakeAnswer> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new DotnetSdkIntakeServer(app);
        app.MapPost("{**path}", async (HttpRequest request) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            server.Received.Enqueue(new DotnetSdkReceivedEvent(Stopwatch.GetTimestamp(), request.Path, request.Headers["X-Monolynx-Key"], body));
            var reply = answer(Interlocked.Increment(ref server._count) - 1);
            await Task.Delay(reply.Delay);
            if (reply.RetryAfterSeconds is { } seconds)
            {
                request.HttpContext.Response.Headers.RetryAfter = seconds.ToString();
            }
            return Results.Json(new { event_id = body.GetProperty("event_id").GetString() }, statusCode: reply.Status);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

// A raw TCP server on loopback that never answers (it accepts and holds every connection) or answers garbage.
public sealed class DotnetSdkRawServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _held = [];
    private readonly Task _accepting;
    private int _connections;

    private DotnetSdkRawServer(bool garbage)
    {
        _listener.Start();
        _accepting = AcceptAsync(garbage);
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public int Connections => Volatile.Read(ref _connections);

    public static DotnetSdkRawServer Hanging() => new(garbage: false);

    public static DotnetSdkRawServer Garbage() => new(garbage: true);

    // The address of a port nobody listens on: connections are refused.
    public static Uri Down() => new($"http://127.0.0.1:{FreePort.Next()}/");

    private async Task AcceptAsync(bool garbage)
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                if (garbage)
                {
                    using (client)
                    {
                        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 tea\r\n\0\0garbage{{{\r\n\r\n"), _stop.Token);
                    }
                }
                else
                {
                    _held.Add(client);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by DisposeAsync.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        foreach (var client in _held)
        {
            client.Dispose();
        }
    }
}
