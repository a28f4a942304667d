using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using FiveHundreds.Sdk;
using FiveHundreds.Sdk.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FiveHundreds.Sdk.Benchmarks;

// What the SDK costs the thread that calls it. Capture: one exception already thrown (the throw is the app's
// cost, not the SDK's), against the floor of reading its stack trace with file info. Pass-through: the
// middleware around an endpoint that does not throw, against calling the endpoint directly.
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SdkBenchmarks
{
    private readonly TcpListener _silentServer = new(IPAddress.Loopback, 0);
    private ServiceProvider _services = null!;
    private FiveHundredsClient _client = null!;
    private Exception _exception = null!;
    private SdkRequest _request = null!;
    private FiveHundredsMiddleware _middleware = null!;
    private RequestDelegate _endpoint = null!;
    private HttpContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Connections are queued by the kernel and never answered, so the senders sit idle and add no noise.
        _silentServer.Start();
        _services = new ServiceCollection()
            .AddFiveHundreds(o =>
            {
                o.Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_silentServer.LocalEndpoint).Port}/");
                o.Key = "benchmark";
                o.SendTimeout = TimeSpan.FromHours(1);
                // Every call is measured as a full capture, not as one skipped over the per-second budget.
                o.MaxEventsPerSecond = 0;
            })
            .BuildServiceProvider();
        _client = _services.GetRequiredService<FiveHundredsClient>();
        _exception = Throw();
        _request = new SdkRequest
        {
            Url = "http://shop.example/checkout?x=1",
            Method = "POST",
            Headers = new Dictionary<string, string> { ["User-Agent"] = "bench", ["Cookie"] = SecretScrubber.Filtered },
            QueryString = "x=1",
        };
        _endpoint = static _ => Task.CompletedTask;
        _middleware = new FiveHundredsMiddleware(_endpoint, _client);
        _context = new DefaultHttpContext();
        _context.Request.Method = "GET";
        _context.Request.Path = "/checkout";
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _silentServer.Stop();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Capture")]
    public StackTrace ReadStackTraceWithFileInfo() => new(_exception, fNeedFileInfo: true);

    [Benchmark, BenchmarkCategory("Capture")]
    public Guid CaptureException() => _client.CaptureException(_exception, _request);

    [Benchmark(Baseline = true), BenchmarkCategory("PassThrough")]
    public Task EndpointAlone() => _endpoint(_context);

    [Benchmark, BenchmarkCategory("PassThrough")]
    public Task EndpointThroughMiddleware() => _middleware.InvokeAsync(_context);

    private static Exception Throw()
    {
        try
        {
            PlaceOrder();
        }
        catch (Exception e)
        {
            return e;
        }
        throw new UnreachableException();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void PlaceOrder() => Charge(42);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Charge(int amount) => throw new InvalidOperationException($"card declined for {amount}");
}
