using System.Net.Http.Headers;
using FiveHundreds.Ingest.Apis;
using FiveHundreds.Ingest.Intake.Otlp.Proto;
using FiveHundreds.Tests.Infrastructure;
using Google.Protobuf;

namespace FiveHundreds.Tests.Otlp;

// OTLP requests built from the ingest's own message definitions, and a way to post them.
public static class OtlpRequests
{
    public const string DotnetTrace = """
        System.InvalidOperationException: the cart is empty
           at Shop.Checkout.Total(Cart cart) in /src/Shop/Checkout.cs:line 42
           at Microsoft.AspNetCore.Routing.EndpointMiddleware.Invoke(HttpContext httpContext)
        """;

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static Span.Types.Event ExceptionEvent(string type = "System.InvalidOperationException", string message = "the cart is empty", string trace = DotnetTrace) => new()
    {
        Name = "exception",
        TimeUnixNano = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
        Attributes = { Attribute("exception.type", type), Attribute("exception.message", message), Attribute("exception.stacktrace", trace) },
    };

    public static Span Span(params Span.Types.Event[] events) => new()
    {
        TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
        SpanId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()[..8]),
        Name = "GET /cart",
        Attributes = { Attribute("http.request.method", "GET"), Attribute("http.route", "/cart"), Attribute("url.path", "/cart") },
        Events = { events },
    };

    public static ExportTraceServiceRequest Traces(params Span[] spans) => new()
    {
        ResourceSpans =
        {
            new ResourceSpans
            {
                Resource = new Resource { Attributes = { Attribute("service.name", "shop"), Attribute("service.version", "1.0.0"), Attribute("telemetry.sdk.language", "dotnet") } },
                ScopeSpans = { new ScopeSpans { Spans = { spans } } },
            },
        },
    };

    // A protobuf varint, for bodies written by hand on the wire format.
    public static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        var v = (uint)value;
        while (v >= 0x80)
        {
            bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }
        bytes.Add((byte)v);
        return [.. bytes];
    }

    public static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    public static async Task<HttpResponseMessage> PostAsync(this IngestFixture ingest, string path, string? key, HttpContent content)
    {
        using var client = ingest.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Add(EventsApi.KeyHeader, key);
        }
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostTracesAsync(this IngestFixture ingest, string? key, IMessage traces) =>
        ingest.PostAsync(OtlpApi.TracesPath, key, Protobuf(traces.ToByteArray()));
}
