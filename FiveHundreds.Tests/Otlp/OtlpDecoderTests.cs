using System.Text;
using FiveHundreds.Ingest.Intake;
using FiveHundreds.Ingest.Intake.Otlp;
using FiveHundreds.Ingest.Intake.Otlp.Proto;
using Google.Protobuf;
using static FiveHundreds.Tests.Otlp.OtlpRequests;

namespace FiveHundreds.Tests.Otlp;

// A body of about 1 MiB never becomes tens of megabytes of messages: repeated fields are counted before the
// parser builds them, in both encodings. Decoding runs on the calling thread, so its allocations are measured.
public sealed class OtlpDecoderTests
{
    private const int Size = 1024 * 1024;
    private const long MaxAllocatedBytes = 8L * 1024 * 1024;

    public static TheoryData<string, OtlpEncoding> HugeRepeatedFields
    {
        get
        {
            var data = new TheoryData<string, OtlpEncoding>();
            foreach (var what in new[] { "spans", "span events", "attributes", "scopes", "resources", "log records" })
            {
                data.Add(what, OtlpEncoding.Protobuf);
                data.Add(what, OtlpEncoding.Json);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(HugeRepeatedFields))]
    public void A_body_of_empty_repeated_messages_is_refused_before_they_are_built(string what, OtlpEncoding encoding)
    {
        var body = encoding == OtlpEncoding.Protobuf ? ProtobufOfEmpty(what) : JsonOfEmpty(what);
        var (refusal, allocated) = Decode(body, encoding, what);

        Assert.Contains(what, refusal.Message);
        Assert.True(allocated < MaxAllocatedBytes, $"{allocated} bytes allocated");
    }

    [Fact]
    public void A_batch_as_an_sdk_sends_it_decodes_whole()
    {
        // The .NET SDK's default batch: 512 spans; each here with ten attributes and every tenth with an exception.
        var spans = Enumerable.Range(0, 512).Select(i =>
        {
            var span = i % 10 == 0 ? Span(ExceptionEvent()) : Span();
            span.Attributes.Add(Enumerable.Range(0, 7).Select(a => Attribute($"attribute.{a}", new string('v', 20))));
            return span;
        }).ToArray();
        var request = Traces(spans);

        var fromProtobuf = OtlpDecoder.Decode(request.ToByteArray(), OtlpEncoding.Protobuf, ExportTraceServiceRequest.Parser);
        // OTLP JSON writes ids in hex where proto3's JSON formatter writes base64: the JSON batch carries none.
        var withoutIds = request.Clone();
        foreach (var span in withoutIds.ResourceSpans[0].ScopeSpans[0].Spans)
        {
            span.TraceId = ByteString.Empty;
            span.SpanId = ByteString.Empty;
        }
        var fromJson = OtlpDecoder.Decode(Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(withoutIds)), OtlpEncoding.Json, ExportTraceServiceRequest.Parser);

        Assert.Equal(request, fromProtobuf);
        Assert.Equal(withoutIds, fromJson);
    }

    private static (EventValidationException Refusal, long Allocated) Decode(byte[] body, OtlpEncoding encoding, string what)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var refusal = what == "log records"
            ? Assert.Throws<EventValidationException>(() => OtlpDecoder.Decode(body, encoding, ExportLogsServiceRequest.Parser))
            : Assert.Throws<EventValidationException>(() => OtlpDecoder.Decode(body, encoding, ExportTraceServiceRequest.Parser));
        return (refusal, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // About 1 MiB: the innermost repeated field holds empty messages (two bytes each), inside one of each parent.
    private static byte[] ProtobufOfEmpty(string what)
    {
        // The path of (field tag) from the request down to the repeated field, by the OTLP field numbers.
        byte[] path = what switch
        {
            "resources" => [],
            "scopes" => [0x0A],
            "spans" => [0x0A, 0x12],
            "span events" => [0x0A, 0x12, 0x12],
            "attributes" => [0x0A, 0x12, 0x12],
            _ => [0x0A, 0x12],
        };
        byte repeated = what switch
        {
            "resources" => 0x0A,
            "scopes" => 0x12,
            "spans" => 0x12,
            "span events" => 0x5A,
            "attributes" => 0x4A,
            _ => 0x12,
        };
        var inner = Enumerable.Range(0, Size / 2).SelectMany(_ => new byte[] { repeated, 0x00 }).ToArray();
        foreach (var tag in path.Reverse())
        {
            inner = [tag, .. Varint(inner.Length), .. inner];
        }
        return inner;
    }

    private static byte[] JsonOfEmpty(string what)
    {
        var (prefix, suffix) = what switch
        {
            "resources" => ("""{"resourceSpans":[""", "]}"),
            "scopes" => ("""{"resourceSpans":[{"scopeSpans":[""", "]}]}"),
            "spans" => ("""{"resourceSpans":[{"scopeSpans":[{"spans":[""", "]}]}]}"),
            "span events" => ("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"events":[""", "]}]}]}]}"),
            "attributes" => ("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[""", "]}]}]}]}"),
            _ => ("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[""", "]}]}]}"),
        };
        var items = string.Join(',', Enumerable.Repeat("{}", Size / 3));
        return Encoding.UTF8.GetBytes(prefix + items + suffix);
    }
}
