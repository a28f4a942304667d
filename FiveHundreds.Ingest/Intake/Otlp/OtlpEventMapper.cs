using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FiveHundreds.Ingest.Intake.Otlp.Proto;
using FiveHundreds.Ingest.Intake.StackTraces;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace FiveHundreds.Ingest.Intake.Otlp;

// The exceptions an OTLP request reports, each as FiveHundreds' own event body, so that EventParser checks,
// scrubs and groups it exactly like a native one. From traces: every span event named "exception". From logs:
// every record with exception.* attributes. Everything else is passed over without being looked at further.
public static class OtlpEventMapper
{
    public const string ExceptionEventName = "exception";

    // OpenTelemetry's severity numbers: 17-20 ERROR, 21-24 FATAL.
    private const int SeverityError = 17;
    private const int SeverityFatal = 21;
    private const int SeverityWarn = 13;
    private const int SeverityInfo = 9;

    public static OtlpExceptions FromTraces(ExportTraceServiceRequest request, int maxEvents)
    {
        var found = new OtlpExceptions(maxEvents);
        foreach (var resourceSpans in request.ResourceSpans)
        {
            Resource? resource = null;
            foreach (var scope in resourceSpans.ScopeSpans)
            {
                foreach (var span in scope.Spans)
                {
                    for (var i = 0; i < span.Events.Count; i++)
                    {
                        var exception = span.Events[i];
                        if (exception.Name != ExceptionEventName)
                        {
                            continue;
                        }
                        resource ??= Context.Of(resourceSpans.Resource);
                        var index = i;
                        found.Add(() => SpanException(resource, span, exception, index));
                    }
                }
            }
        }
        return found;
    }

    public static OtlpExceptions FromLogs(ExportLogsServiceRequest request, int maxEvents)
    {
        var found = new OtlpExceptions(maxEvents);
        foreach (var resourceLogs in request.ResourceLogs)
        {
            Resource? resource = null;
            foreach (var scope in resourceLogs.ScopeLogs)
            {
                for (var i = 0; i < scope.LogRecords.Count; i++)
                {
                    var record = scope.LogRecords[i];
                    if (!record.Attributes.HasAny(OtlpAttributes.ExceptionType, OtlpAttributes.ExceptionMessage, OtlpAttributes.ExceptionStacktrace))
                    {
                        continue;
                    }
                    resource ??= Context.Of(resourceLogs.Resource);
                    var index = i;
                    found.Add(() => LogException(resource, scope.Scope?.Name, record, index));
                }
            }
        }
        return found;
    }

    private static JsonObject SpanException(Resource resource, Span span, Span.Types.Event exception, int index)
    {
        // A span's exception is an error whether it escaped the span or was caught and recorded.
        var native = Exception(resource, exception.Attributes, exception.TimeUnixNano, "error");
        native["event_id"] = StableEventId(span.TraceId, span.SpanId, exception.TimeUnixNano, index);
        native["request"] = Request(span.Attributes);
        var tags = (JsonObject)native["tags"]!;
        SetText(tags, "http.route", span.Attributes.Text("http.route"));
        SetText(tags, "http.response.status_code", span.Attributes.Text("http.response.status_code", "http.status_code"));
        SetText(tags, "span.name", span.Name);
        SetText(tags, OtlpAttributes.ExceptionEscaped, exception.Attributes.Text(OtlpAttributes.ExceptionEscaped));
        native["contexts"] = TraceContext(span.TraceId, span.SpanId);
        return native;
    }

    private static JsonObject LogException(Resource resource, string? logger, LogRecord record, int index)
    {
        var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
        var native = Exception(resource, record.Attributes, time, LevelOf(record.SeverityNumber));
        native["event_id"] = StableEventId(record.TraceId, record.SpanId, time, index);
        SetText(native, "message", OtlpAttributes.Text(record.Body));
        var tags = (JsonObject)native["tags"]!;
        SetText(tags, "logger", logger);
        if (!record.TraceId.IsEmpty)
        {
            native["contexts"] = TraceContext(record.TraceId, record.SpanId);
        }
        return native;
    }

    private static JsonObject Exception(Resource resource, RepeatedField<KeyValue> attributes, ulong timeUnixNano, string level)
    {
        var type = attributes.Text(OtlpAttributes.ExceptionType);
        var message = attributes.Text(OtlpAttributes.ExceptionMessage);
        var stacktrace = attributes.Text(OtlpAttributes.ExceptionStacktrace);
        var frames = StackTraceText.Parse(stacktrace, resource.Language);

        var value = Value(string.IsNullOrWhiteSpace(type) ? FirstLineType(stacktrace) : type, message, frames);
        // The causes the text prints come first, as in a native event's chain: grouping and the issue page read them too.
        var chain = ExceptionCauses.Of(stacktrace).Select(cause => (JsonNode)Value(cause.Type, cause.Value, cause.Frames)).Append(value);
        var native = new JsonObject
        {
            ["platform"] = resource.Language ?? "otlp",
            ["level"] = level,
            ["exception"] = new JsonObject { ["values"] = new JsonArray([.. chain]) },
            ["tags"] = resource.Tags(),
        };
        if (timeUnixNano != 0)
        {
            native["timestamp"] = DateTimeOffset.UnixEpoch.AddTicks((long)(timeUnixNano / 100)).ToString("O");
        }
        SetText(native, "release", resource.Release);
        SetText(native, "server_name", resource.ServerName);
        if (resource.Sdk is { } sdk)
        {
            native["sdk"] = sdk.DeepClone();
        }
        if (frames.Count == 0 && !string.IsNullOrWhiteSpace(stacktrace))
        {
            // A trace in no format the intake reads is kept as text, so the issue still shows where it came from.
            native["stacktrace_text"] = stacktrace.Length > StackTraceText.MaxParsedLength ? stacktrace[..StackTraceText.MaxParsedLength] : stacktrace;
        }
        return native;
    }

    private static JsonObject Value(string type, string? message, IReadOnlyList<TextFrame> frames)
    {
        var value = new JsonObject { ["type"] = type };
        SetText(value, "value", message);
        if (frames.Count > 0)
        {
            value["stacktrace"] = new JsonObject { ["frames"] = new JsonArray([.. frames.Select(Frame)]) };
        }
        return value;
    }

    private static JsonObject Frame(TextFrame frame)
    {
        var json = new JsonObject();
        SetText(json, "filename", frame.Filename);
        SetText(json, "abs_path", frame.AbsPath);
        SetText(json, "module", frame.Module);
        SetText(json, "function", frame.Function);
        if (frame.Lineno is { } line)
        {
            json["lineno"] = line;
        }
        if (frame.Colno is { } column)
        {
            json["colno"] = column;
        }
        SetText(json, "context_line", frame.ContextLine);
        return json;
    }

    // url.full where the client sent it; a server span has its parts (scheme, address, port, path, query).
    private static JsonObject Request(RepeatedField<KeyValue> span)
    {
        var request = new JsonObject();
        SetText(request, "method", span.Text("http.request.method", "http.method"));
        var url = span.Text("url.full", "http.url");
        if (url is null && span.Text("url.path") is { } path)
        {
            var port = span.Text("server.port") is { } p ? ":" + p : "";
            url = span.Text("server.address") is { } host ? $"{span.Text("url.scheme") ?? "http"}://{host}{port}{path}" : path;
        }
        SetText(request, "url", url);
        SetText(request, "query_string", span.Text("url.query")?.TrimStart('?'));
        return request;
    }

    private static JsonObject TraceContext(ByteString traceId, ByteString spanId) => new()
    {
        ["trace"] = new JsonObject
        {
            ["trace_id"] = Convert.ToHexStringLower(traceId.Span),
            ["span_id"] = Convert.ToHexStringLower(spanId.Span),
        },
    };

    // An exporter retries a batch it got no answer for: the same exception gets the same event id, and the intake
    // stores it once.
    private static string StableEventId(ByteString traceId, ByteString spanId, ulong timeUnixNano, int index)
    {
        Span<byte> input = stackalloc byte[traceId.Length + spanId.Length + 12];
        traceId.Span.CopyTo(input);
        spanId.Span.CopyTo(input[traceId.Length..]);
        BitConverter.TryWriteBytes(input[(traceId.Length + spanId.Length)..], timeUnixNano);
        BitConverter.TryWriteBytes(input[(traceId.Length + spanId.Length + 8)..], index);
        return new Guid(SHA256.HashData(input)[..16]).ToString();
    }

    private static string LevelOf(int severity) => severity switch
    {
        0 => "error",
        >= SeverityFatal => "fatal",
        >= SeverityError => "error",
        >= SeverityWarn => "warning",
        >= SeverityInfo => "info",
        _ => "debug",
    };

    // "System.InvalidOperationException: text" is the first line of most runtimes' traces.
    private static string FirstLineType(string? stacktrace)
    {
        var line = stacktrace?.Split('\n', 2)[0] ?? "";
        var colon = line.IndexOf(':');
        var type = colon > 0 ? line[..colon].Trim() : "";
        return type.Length is > 0 and <= 200 && !type.Contains(' ') ? type : "Error";
    }

    private static void SetText(JsonObject target, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            target[name] = value;
        }
    }

    // What a resource's attributes say about every exception under it, read once per resource.
    private sealed record Resource(string? Language, string? Release, string? ServerName, JsonObject? Sdk, JsonObject SharedTags)
    {
        public JsonObject Tags() => (JsonObject)SharedTags.DeepClone();
    }

    private static class Context
    {
        public static Resource Of(Proto.Resource? resource)
        {
            var attributes = resource?.Attributes ?? [];
            var tags = new JsonObject();
            SetText(tags, "service.name", attributes.Text("service.name"));
            SetText(tags, "environment", attributes.Text("deployment.environment.name", "deployment.environment"));
            var language = attributes.Text("telemetry.sdk.language");
            SetText(tags, "telemetry.sdk.language", language);
            JsonObject? sdk = null;
            if (attributes.Text("telemetry.sdk.name") is { } name)
            {
                sdk = new JsonObject { ["name"] = name };
                SetText(sdk, "version", attributes.Text("telemetry.sdk.version"));
            }
            return new Resource(language, attributes.Text("service.version"), attributes.Text("host.name", "service.instance.id"), sdk, tags);
        }
    }
}

// The exceptions found in one request, built lazily and at most a bounded number of them: the rest are counted
// as rejected, so a request of a million exception events costs no more than one of the bound.
public sealed class OtlpExceptions(int maxEvents)
{
    private readonly List<Func<JsonObject>> _events = [];

    public int Overflow { get; private set; }

    public int Count => _events.Count;

    public void Add(Func<JsonObject> build)
    {
        if (_events.Count < maxEvents)
        {
            _events.Add(build);
        }
        else
        {
            Overflow++;
        }
    }

    // Each event's native body; an event whose text cannot be written as JSON is null (and rejected).
    public IEnumerable<byte[]?> Bodies() => _events.Select(build =>
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(build());
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            return null;
        }
    });
}
