using System.Collections.Concurrent;
using System.Diagnostics;
using FiveHundreds.Ingest.Apis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FiveHundreds.Tests.Otlp;

// An ASP.NET Core app on a real loopback port with nothing but OpenTelemetry, set up as any .NET service would
// be: ASP.NET Core tracing that records exceptions, and the OTLP exporter (HTTP/protobuf) to the ingest.
public sealed class OtlpDotnetApp : IAsyncDisposable
{
    public const string ServiceName = "checkout-service";
    public const string ServiceVersion = "2.4.1";
    public const string RefundRoute = "/refund/{variant:int}";

    private readonly WebApplication _app;

    private readonly ConcurrentQueue<string> _traces;

    private OtlpDotnetApp(WebApplication app, ConcurrentQueue<string> traces)
    {
        _app = app;
        _traces = traces;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    // The ingest runs in the test process without a port, so the exporter is given a client that reaches it in
    // memory; everything else (batching, protobuf encoding, headers) is the exporter's own.
    public static async Task<OtlpDotnetApp> StartAsync(TestServer ingest, string key)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<OwnRequest>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: ServiceVersion))
            .WithTracing(tracing => tracing
                // The test's own HttpClient may propagate an unsampled parent when another test in the process
                // listens to its activities; the default parent-based sampler would then drop the server span.
                .SetSampler(new AlwaysOnSampler())
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.RecordException = true;
                    // ASP.NET Core's activities are process-wide: without this, the exceptions of other test apps
                    // running in the same process at the same time would be exported into this app's project.
                    o.Filter = context => context.RequestServices.GetService<OwnRequest>() is not null;
                })
                .AddOtlpExporter(o =>
                {
                    o.Protocol = OtlpExportProtocol.HttpProtobuf;
                    o.Endpoint = new Uri(ingest.BaseAddress, OtlpApi.TracesPath);
                    o.Headers = $"{EventsApi.KeyHeader}={key}";
                    o.HttpClientFactory = () => new HttpClient(new SynchronousSendHandler(ingest.CreateHandler()));
                }));
        var app = builder.Build();
        // Keeps which trace each request ran in (a failed answer loses its headers), so the test knows the trace
        // id the exception must carry.
        var traces = new ConcurrentQueue<string>();
        app.Use((context, next) =>
        {
            traces.Enqueue(Activity.Current!.TraceId.ToHexString());
            return next(context);
        });
        app.MapGet(RefundRoute, OtlpDotnetEndpoints.Refund);
        await app.StartAsync();
        return new OtlpDotnetApp(app, traces);
    }

    // Requests a path that throws; answers the trace id the request ran in.
    public async Task<string> GetFailingAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.True(_traces.TryDequeue(out var traceId));
        return traceId;
    }

    public void Flush() => Assert.True(_app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}

public static class OtlpDotnetEndpoints
{
    // The same error from two lines of one function: what a line that moved between deploys looks like.
    public static string Refund(int variant)
    {
        if (variant == 0)
        {
            throw new InvalidOperationException("refund 17 failed");
        }
        throw new InvalidOperationException("refund 18 failed");
    }
}

// The exporter sends with the synchronous HttpClient.Send from its batch thread, which the in-memory test server
// does not offer; a network handler does, and this one stands in for it.
public sealed class SynchronousSendHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();
}

// Registered only in an OtlpDotnetApp's own services, so its tracing can tell its own requests from other apps'.
internal sealed class OwnRequest;
