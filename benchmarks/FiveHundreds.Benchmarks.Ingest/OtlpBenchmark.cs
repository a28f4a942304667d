using FiveHundreds.Ingest.Intake.Otlp.Proto;
using Google.Protobuf;

namespace FiveHundreds.Benchmarks.Ingest;

// Exceptions per second through OTLP/HTTP (batches of 100 spans, 10% with an exception event) against native events
// per second through /api/v1/events in the same run, and what a batch of spans without exceptions costs per span.
internal static class OtlpBenchmark
{
    private const int SpansPerBatch = 100;
    private const int ExceptionsPerBatch = 10;
    private const int RecurringFunctions = 200;

    public static async Task<bool> RunAsync(BenchmarkEnvironment environment, BenchmarkOptions options)
    {
        var batches = Math.Max(1, options.Events / ExceptionsPerBatch);
        Console.WriteLine($"OTLP benchmark: {batches} batches of {SpansPerBatch} spans ({ExceptionsPerBatch} with an exception), " +
                          $"{options.Concurrency} concurrent senders; native baseline {batches * ExceptionsPerBatch} events.");

        var warmup = await IngestBenchmark.CreateProjectAsync(environment);
        await SendBatchesAsync(environment, warmup.Key, Math.Max(1, options.Warmup / ExceptionsPerBatch), options.Concurrency, ExceptionsPerBatch, seed: 1);
        await IngestBenchmark.SendAsync(environment, warmup.Key, options.Warmup, options.Concurrency, seed: 1);

        var otlpProject = await IngestBenchmark.CreateProjectAsync(environment);
        var otlp = await SendBatchesAsync(environment, otlpProject.Key, batches, options.Concurrency, ExceptionsPerBatch, seed: 2);
        var nativeProject = await IngestBenchmark.CreateProjectAsync(environment);
        var native = await IngestBenchmark.SendAsync(environment, nativeProject.Key, batches * ExceptionsPerBatch, options.Concurrency, seed: 2);
        var plainProject = await IngestBenchmark.CreateProjectAsync(environment);
        var plain = await SendBatchesAsync(environment, plainProject.Key, batches, options.Concurrency, exceptions: 0, seed: 3);

        var exceptionsPerSecond = batches * ExceptionsPerBatch / otlp.Elapsed.TotalSeconds;
        var microsecondsPerSpan = plain.Percentile(50) * 1000 / SpansPerBatch;
        Console.WriteLine();
        Console.WriteLine("| run | exceptions/s | batch p50 ms | batch p99 ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| OTLP protobuf, 100 spans, 10 exceptions | {exceptionsPerSecond:F0} | {otlp.Percentile(50):F1} | {otlp.Percentile(99):F1} |");
        Console.WriteLine($"| native /api/v1/events, one event each | {native.EventsPerSecond:F0} | {native.Percentile(50):F1} | {native.Percentile(99):F1} |");
        Console.WriteLine($"| OTLP protobuf, 100 spans, no exception | - | {plain.Percentile(50):F1} | {plain.Percentile(99):F1} |");
        Console.WriteLine();
        Console.WriteLine($"ratio OTLP exceptions/s / native events/s: {exceptionsPerSecond / native.EventsPerSecond:F2}");
        Console.WriteLine($"a span without an exception: {microsecondsPerSpan:F1} µs (median batch latency / {SpansPerBatch}, " +
                          $"{plain.Events * SpansPerBatch / plain.Elapsed.TotalSeconds:F0} spans/s)");
        return true;
    }

    private static async Task<RunResult> SendBatchesAsync(BenchmarkEnvironment environment, string key, int count, int concurrency, int exceptions, int seed)
    {
        var random = new Random(seed);
        var bodies = Enumerable.Range(0, count).Select(_ => Batch(random, exceptions).ToByteArray()).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = environment.Ingest.Address };
        return await Measurements.RunAsync(count, concurrency, async i =>
        {
            using var content = new ByteArrayContent(bodies[i]);
            content.Headers.ContentType = new("application/x-protobuf");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = content };
            request.Headers.Add("X-Monolynx-Key", key);
            using var response = await http.SendAsync(request);
            var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
            if (!response.IsSuccessStatusCode || answer.PartialSuccess is not null)
            {
                throw new InvalidOperationException($"The ingest answered {(int)response.StatusCode}: {answer}");
            }
        });
    }

    // A batch as the .NET SDK sends it: server spans with their HTTP attributes; some with an exception event whose
    // trace names one of a few hundred app functions, so that most exceptions fall into issues that already exist.
    private static ExportTraceServiceRequest Batch(Random random, int exceptions)
    {
        var scope = new ScopeSpans();
        for (var i = 0; i < SpansPerBatch; i++)
        {
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(RandomBytes(random, 16)),
                SpanId = ByteString.CopyFrom(RandomBytes(random, 8)),
                Name = "GET /orders/{id}",
                Attributes =
                {
                    Attribute("http.request.method", "GET"), Attribute("http.route", "/orders/{id}"),
                    Attribute("url.path", $"/orders/{random.Next(100_000)}"), Attribute("url.scheme", "https"),
                    Attribute("server.address", "shop.example"), Attribute("http.response.status_code", "200"),
                    Attribute("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0"),
                },
            };
            if (i < exceptions)
            {
                var function = $"Handle{random.Next(RecurringFunctions)}";
                span.Events.Add(new Span.Types.Event
                {
                    Name = "exception",
                    TimeUnixNano = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
                    Attributes =
                    {
                        Attribute("exception.type", "System.InvalidOperationException"),
                        Attribute("exception.message", $"order {random.Next(100_000)} cannot be shipped"),
                        Attribute("exception.stacktrace", $"""
                            System.InvalidOperationException: order cannot be shipped
                               at Shop.Orders.Shipping.{function}(Order order) in /src/Shop/Orders/Shipping.cs:line {random.Next(10, 400)}
                               at Shop.Orders.OrdersApi.GetOrder(Int32 id) in /src/Shop/Orders/OrdersApi.cs:line 42
                               at Microsoft.AspNetCore.Http.RequestDelegateFactory.ExecuteTaskResult[T](Task`1 task, HttpContext httpContext)
                               at Microsoft.AspNetCore.Routing.EndpointMiddleware.Invoke(HttpContext httpContext)
                            """),
                    },
                });
            }
            scope.Spans.Add(span);
        }
        return new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans
                {
                    Resource = new Resource
                    {
                        Attributes =
                        {
                            Attribute("service.name", "shop"), Attribute("service.version", "1.4.2"),
                            Attribute("telemetry.sdk.language", "dotnet"), Attribute("host.name", "web-1"),
                        },
                    },
                    ScopeSpans = { scope },
                },
            },
        };
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
