using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace FiveHundreds.Ingest.Intake.Otlp;

// Turns an OTLP/HTTP body into its request message, or refuses it with EventValidationException (400).
// Protobuf fields the message definitions do not declare are skipped unread; JSON fields likewise. The
// messages a body holds are counted against OtlpMessageBudget on the way, before the parser builds them.
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
            var root = new T().Descriptor;
            return encoding == OtlpEncoding.Json ? Parser.Parse<T>(HexIdsAsBase64(body, root)) : ParseProtobuf(body, root, parser);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new EventValidationException("(body)", $"The body is not a valid OTLP {(encoding == OtlpEncoding.Json ? "JSON" : "protobuf")} {typeof(T).Name}: {ex.Message}");
        }
    }

    private static T ParseProtobuf<T>(ReadOnlyMemory<byte> body, MessageDescriptor root, MessageParser<T> parser) where T : IMessage<T>
    {
        ProtobufMessageCounter.Count(body.Span, root, new OtlpMessageBudget(), MaxMessageDepth);
        var segment = MemoryMarshal.TryGetArray(body, out var array) ? array : new ArraySegment<byte>(body.ToArray());
        using var stream = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        var input = CodedInputStream.CreateWithLimits(stream, segment.Count + 1, MaxMessageDepth);
        // Fields not declared would otherwise be kept, each as an object, to be written out again.
        var message = parser.WithDiscardUnknownFields(true).ParseFrom(input);
        // The reader stops at a stray end-group tag as at the end of the message: what follows would be unread.
        if (!input.IsAtEnd)
        {
            throw new EventValidationException("(body)", $"The body is not a valid OTLP protobuf {typeof(T).Name}: data follows the end of the message.");
        }
        return message;
    }

    // Copies the JSON token by token, rewriting the id fields' hex into base64; its depth is checked on the way,
    // and every object of a declared message type is counted.
    private static string HexIdsAsBase64(ReadOnlyMemory<byte> body, MessageDescriptor root)
    {
        var budget = new OtlpMessageBudget();
        // For each open object and array, the message type of the objects it holds (null in undeclared fields).
        var open = new Stack<(MessageDescriptor? Type, bool IsArray)>();
        MessageDescriptor? valueType = null;
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
                        var name = reader.GetString()!;
                        idField = HexIdFields.Contains(name);
                        valueType = open.Peek().Type is { } holder && FieldNamed(holder, name) is { FieldType: FieldType.Message } field ? field.MessageType : null;
                        writer.WritePropertyName(name);
                        continue;
                    case JsonTokenType.String when idField:
                        writer.WriteStringValue(Convert.ToBase64String(Convert.FromHexString(reader.GetString()!)));
                        break;
                    case JsonTokenType.StartObject:
                        var type = TypeOfValue(open, root, valueType);
                        if (type is not null && open.Count > 0)
                        {
                            budget.Take(type);
                        }
                        open.Push((type, false));
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        open.Pop();
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        open.Push((TypeOfValue(open, root, valueType), true));
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        open.Pop();
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

    // The type of the value that comes next: the body itself, an item of a repeated field, or a named field's value.
    private static MessageDescriptor? TypeOfValue(Stack<(MessageDescriptor? Type, bool IsArray)> open, MessageDescriptor root, MessageDescriptor? fieldType) =>
        open.Count == 0 ? root : open.Peek().IsArray ? open.Peek().Type : fieldType;

    // JSON names a field in lowerCamelCase, or as the definition spells it; the parser accepts both.
    private static FieldDescriptor? FieldNamed(MessageDescriptor message, string name)
    {
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (field.JsonName == name || field.Name == name)
            {
                return field;
            }
        }
        return null;
    }

    public static byte[] Encode(IMessage message, OtlpEncoding encoding) =>
        encoding == OtlpEncoding.Json ? Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(message)) : message.ToByteArray();
}
