using System.Text.Json;

namespace FiveHundreds.Ingest.Intake.Sentry;

public sealed record SentryEnvelopeItem(string Type, ReadOnlyMemory<byte> Payload);

// A Sentry envelope (https://develop.sentry.dev/sdk/envelopes/): a JSON header line, then items, each a JSON
// header line and a payload that is either "length" bytes long or runs to the end of its line.
public sealed record SentryEnvelope(string? EventId, string? Dsn, IReadOnlyList<SentryEnvelopeItem> Items)
{
    public const string EventItemType = "event";

    // The header holds an event id, a dsn, an SDK name and a timestamp: a few hundred bytes.
    public const int MaxHeaderBytes = 8 * 1024;

    // Sentry SDKs send an event with a few attachments or a batch of sessions.
    public const int MaxItems = 100;

    private const string Field = "(envelope)";

    // The dsn of an envelope's first line, read before the rest of the body.
    public static string? DsnOf(ReadOnlyMemory<byte> headerLine)
    {
        var rest = headerLine;
        return String(ParseHeader(NextLine(ref rest), "the envelope header"), "dsn");
    }

    public static SentryEnvelope Parse(ReadOnlyMemory<byte> body)
    {
        var rest = body;
        var header = ParseHeader(NextLine(ref rest), "the envelope header");
        var items = new List<SentryEnvelopeItem>();
        while (!rest.IsEmpty)
        {
            var line = NextLine(ref rest);
            if (line.IsEmpty)
            {
                // The envelope may end with a newline, and an item without a length may have an empty payload.
                continue;
            }
            if (items.Count == MaxItems)
            {
                throw Invalid($"An envelope carries at most {MaxItems} items.");
            }
            var itemHeader = ParseHeader(line, $"the header of item {items.Count + 1}");
            var type = String(itemHeader, "type") ?? throw Invalid($"Item {items.Count + 1} has no type.");
            ReadOnlyMemory<byte> payload;
            if (itemHeader.TryGetProperty("length", out var length) && length.ValueKind != JsonValueKind.Null)
            {
                if (!length.TryGetInt32(out var size) || size < 0 || size > rest.Length)
                {
                    throw Invalid($"Item {items.Count + 1} ({type}) declares a length its payload does not have.");
                }
                payload = rest[..size];
                rest = rest[size..];
                if (!rest.IsEmpty && rest.Span[0] == (byte)'\n')
                {
                    rest = rest[1..];
                }
            }
            else
            {
                payload = NextLine(ref rest);
            }
            items.Add(new SentryEnvelopeItem(type, payload));
        }
        return new SentryEnvelope(String(header, "event_id"), String(header, "dsn"), items);
    }

    private static ReadOnlyMemory<byte> NextLine(ref ReadOnlyMemory<byte> rest)
    {
        var end = rest.Span.IndexOf((byte)'\n');
        var line = end < 0 ? rest : rest[..end];
        rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
        // Tolerates CRLF from hand-made envelopes.
        return !line.IsEmpty && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
    }

    private static JsonElement ParseHeader(ReadOnlyMemory<byte> line, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw Invalid($"{what} must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw Invalid($"{what} is not valid JSON: {ex.Message}");
        }
    }

    private static string? String(JsonElement header, string name)
    {
        if (!header.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 or a lone surrogate escape: System.Text.Json checks a string only when it is read.
            throw Invalid($"The {name} of an envelope header is not valid text.");
        }
    }

    private static EventValidationException Invalid(string message) => new(Field, message);
}
