using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Google.Protobuf;

namespace FiveHundreds.Ingest.Intake.Otlp;

// Turns an OTLP/HTTP body into its request message, or refuses it with EventValidationException (400).
// Protobuf fields the message definitions do not declare are skipped unread; JSON fields likewise.
public static class OtlpDecoder
{
    // The deepest the declared messages nest is seven (request, resource spans, scope spans, span, event,
    // attribute, value); unknown groups count too, so a deeper body is refused before it costs anything.
    private const int MaxMessageDepth = 16;

    // The JSON encoding of the same messages nests a few levels more (arrays, the value object).
    private const int MaxJsonDepth = 32;

    // The OTLP JSON mapping writes these bytes fields as hex, where proto3's JSON mapping (and so Google.Protobuf's
    // JsonParser) reads base64.
    private static readonly HashSet<string> HexIdFields = ["traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"];

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithRecursionLimit(MaxJsonDepth));

    public static T Decode<T>(ReadOnlyMemory<byte> body, OtlpEncoding encoding, MessageParser<T> parser) where T : IMessage<T>, new()
    {
        try
        {
            return encoding == OtlpEncoding.Json ? Parser.Parse<T>(HexIdsAsBase64(body)) : ParseProtobuf(body, parser);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new EventValidationException("(body)", $"The body is not a valid OTLP {(encoding == OtlpEncoding.Json ? "JSON" : "protobuf")} {typeof(T).Name}: {ex.Message}");
        }
    }

    private static T ParseProtobuf<T>(ReadOnlyMemory<byte> body, MessageParser<T> parser) where T : IMessage<T>
    {
        var segment = MemoryMarshal.TryGetArray(body, out var array) ? array : new ArraySegment<byte>(body.ToArray());
        using var stream = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        var input = CodedInputStream.CreateWithLimits(stream, segment.Count + 1, MaxMessageDepth);
        var message = parser.ParseFrom(input);
        // The reader stops at a stray end-group tag as at the end of the message: what follows would be unread.
        if (!input.IsAtEnd)
        {
            throw new EventValidationException("(body)", $"The body is not a valid OTLP protobuf {typeof(T).Name}: data follows the end of the message.");
        }
        return message;
    }

    // Copies the JSON token by token, rewriting the id fields' hex into base64; its depth is checked on the way.
    private static string HexIdsAsBase64(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = MaxJsonDepth, CommentHandling = JsonCommentHandling.Disallow });
        var output = new ArrayBufferWriter<byte>(body.Length + 64);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            var idField = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        idField = HexIdFields.Contains(reader.GetString()!);
                        writer.WritePropertyName(reader.GetString()!);
                        continue;
                    case JsonTokenType.String when idField:
                        writer.WriteStringValue(Convert.ToBase64String(Convert.FromHexString(reader.GetString()!)));
                        break;
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(reader.GetString());
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        writer.WriteBooleanValue(reader.GetBoolean());
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
                idField = false;
            }
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public static byte[] Encode(IMessage message, OtlpEncoding encoding) =>
        encoding == OtlpEncoding.Json ? Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(message)) : message.ToByteArray();
}
