using Google.Protobuf.Reflection;

namespace FiveHundreds.Ingest.Intake.Otlp;

// Walks a protobuf body's wire format along the message definitions and counts, against a budget, every
// declared message the parser would build, without building any. Undeclared fields are stepped over as the
// parser skips them; a malformed body is refused here as the parser would refuse it.
internal static class ProtobufMessageCounter
{
    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLengthDelimited = 2;
    private const int WireStartGroup = 3;
    private const int WireEndGroup = 4;
    private const int WireFixed32 = 5;

    public static void Count(ReadOnlySpan<byte> body, MessageDescriptor root, OtlpMessageBudget budget, int maxDepth)
    {
        var position = 0;
        Walk(body, ref position, root, budget, depth: 0, maxDepth, endGroupField: null);
    }

    // Reads fields up to the end of the message, or, for a group, up to its end-group tag.
    private static void Walk(ReadOnlySpan<byte> message, ref int position, MessageDescriptor? descriptor, OtlpMessageBudget budget,
        int depth, int maxDepth, int? endGroupField)
    {
        if (depth > maxDepth)
        {
            throw Invalid($"messages are nested deeper than {maxDepth} levels");
        }
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case WireVarint:
                    ReadVarint(message, ref position);
                    break;
                case WireFixed64:
                    Skip(message, ref position, 8);
                    break;
                case WireFixed32:
                    Skip(message, ref position, 4);
                    break;
                case WireLengthDelimited:
                    var length = ReadVarint(message, ref position);
                    if (length > (ulong)(message.Length - position))
                    {
                        throw Invalid("a field is longer than the body");
                    }
                    var end = position + (int)length;
                    if (descriptor?.FindFieldByNumber(field) is { FieldType: FieldType.Message } declared)
                    {
                        budget.Take(declared.MessageType);
                        var inner = 0;
                        Walk(message[position..end], ref inner, declared.MessageType, budget, depth + 1, maxDepth, endGroupField: null);
                    }
                    position = end;
                    break;
                case WireStartGroup:
                    // Groups are never declared: their fields are skipped, but their nesting counts.
                    Walk(message, ref position, null, budget, depth + 1, maxDepth, endGroupField: field);
                    break;
                case WireEndGroup when field == endGroupField:
                    return;
                default:
                    throw Invalid("it holds a tag the wire format does not define");
            }
        }
        if (endGroupField is not null)
        {
            throw Invalid("a group has no end");
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= message.Length)
            {
                throw Invalid("it ends inside a number");
            }
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw Invalid("a number is longer than ten bytes");
    }

    private static void Skip(ReadOnlySpan<byte> message, ref int position, int bytes)
    {
        if (message.Length - position < bytes)
        {
            throw Invalid("it ends inside a field");
        }
        position += bytes;
    }

    private static EventValidationException Invalid(string reason) => new("(body)", $"The body is not a valid OTLP protobuf message: {reason}.");
}
