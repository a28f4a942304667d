using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FiveHundreds.Tests.Alerts;

public sealed record ReceivedAlert(long Timestamp, string Path, string? Delivery, string? SignatureTimestamp, string? Signature, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Trigger => Json.TryGetProperty("trigger", out var t) ? t.GetString() : null;
}

// A real HTTP server on loopback that receives alert webhooks on any path, records each request and answers
// as told: the n-th request to a path (counted from 0) gets answer(path, n), a status code after a delay.
public sealed class AlertReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _counts = new();

    private AlertReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedAlert> Received { get; } = new();

    public string Url(string path) => _app.Urls.First() + "/" + path;

    public IReadOnlyList<ReceivedAlert> At(string path) => [.. Received.Where(r => r.Path == "/" + path)];

    public static async Task<AlertReceiver> StartAsync(Func<string, int, (int Status, TimeSpan Delay)>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new AlertReceiver(app);
        app.MapPost("{**path}", async (HttpRequest request, CancellationToken ct) =>
        {
            var path = request.Path.Value!;
            var (status, delay) = answer?.Invoke(path.TrimStart('/'), receiver._counts.AddOrUpdate(path, 0, (_, n) => n + 1)) ?? (200, TimeSpan.Zero);
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(ct);
            await Task.Delay(delay, ct);
            // Recorded only when answered with success: what a de-duplicating receiver would keep.
            if (status < 300)
            {
                receiver.Received.Enqueue(new ReceivedAlert(Stopwatch.GetTimestamp(), path,
                    request.Headers["X-FiveHundreds-Delivery"], request.Headers["X-FiveHundreds-Timestamp"],
                    request.Headers["X-FiveHundreds-Signature"], body));
            }
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    public int Requests(string path) => _counts.TryGetValue("/" + path, out var n) ? n + 1 : 0;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
