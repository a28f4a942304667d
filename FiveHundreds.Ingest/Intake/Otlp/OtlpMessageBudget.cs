using System.Collections.Frozen;
using FiveHundreds.Ingest.Intake.Otlp.Proto;
using Google.Protobuf.Reflection;

namespace FiveHundreds.Ingest.Intake.Otlp;

// How many of each OTLP message one request may hold, counted while the body is read and before any message
// is built. Google.Protobuf builds every message it reads: the two bytes of an empty span become an object of
// about 140 bytes with its attribute and event lists, so a 1 MiB body of them became some 70 MB of objects.
// The caps are far above what an SDK's batch holds (512 spans or records, 128 attributes and events each by
// default), and together keep the messages of a 1 MiB body to about 10 MB; a body over one is refused (400).
internal sealed class OtlpMessageBudget
{
    private static readonly FrozenDictionary<MessageDescriptor, (string What, int Max)> Caps = new Dictionary<MessageDescriptor, (string, int)>
    {
        [ResourceSpans.Descriptor] = ("resources", 1_000),
        [ResourceLogs.Descriptor] = ("resources", 1_000),
        [ScopeSpans.Descriptor] = ("scopes", 5_000),
        [ScopeLogs.Descriptor] = ("scopes", 5_000),
        [Span.Descriptor] = ("spans", 20_000),
        [LogRecord.Descriptor] = ("log records", 20_000),
        [Span.Types.Event.Descriptor] = ("span events", 20_000),
        [KeyValue.Descriptor] = ("attributes", 50_000),
        [AnyValue.Descriptor] = ("attribute values", 60_000),
    }.ToFrozenDictionary();

    private readonly Dictionary<MessageDescriptor, int> _counts = [];

    // Counts one more message of its type; throws when that passes its cap.
    public void Take(MessageDescriptor message)
    {
        if (!Caps.TryGetValue(message, out var cap))
        {
            return;
        }
        var count = _counts.GetValueOrDefault(message) + 1;
        if (count > cap.Max)
        {
            throw new EventValidationException("(body)", $"The body holds more than {cap.Max} {cap.What}; send smaller batches.");
        }
        _counts[message] = count;
    }
}
