using System.Globalization;
using System.Text.Json.Nodes;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Intake.Sentry;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Intake;

// Turns an intake body into a ParsedEvent, or refuses it with the path of the first field at fault.
// Unknown fields are kept (in Extra); known fields must have the documented types. Every size cap is applied
// by JsonSanitizer while it builds the tree, so nothing here is trimmed after the fact.
public sealed class EventParser(IntakeOptions options)
{
    private static readonly HashSet<string> KnownFields =
    [
        "event_id", "timestamp", "platform", "level", "message", "release", "server_name",
        "exception", "request", "environment", "tags", "fingerprint", "sdk",
    ];

    private static readonly Dictionary<string, EventLevel> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fatal"] = EventLevel.Fatal, ["critical"] = EventLevel.Fatal, ["error"] = EventLevel.Error,
        ["warning"] = EventLevel.Warning, ["warn"] = EventLevel.Warning, ["info"] = EventLevel.Info,
        ["log"] = EventLevel.Info, ["debug"] = EventLevel.Debug,
    };

    public ParsedEvent Parse(ReadOnlyMemory<byte> body)
    {
        var sanitizer = new JsonSanitizer(options);
        return Parse(sanitizer.ReadObject(body), sanitizer);
    }

    // A Sentry event takes the native path once translated: the same checks, scrubbing and caps.
    public ParsedEvent ParseSentry(ReadOnlyMemory<byte> body, string? envelopeEventId)
    {
        var sanitizer = new JsonSanitizer(options);
        return Parse(SentryEventMapper.Map(sanitizer.ReadObject(body), envelopeEventId), sanitizer);
    }

    private ParsedEvent Parse(JsonObject root, JsonSanitizer sanitizer)
    {
        var exception = NormalizeException(root["exception"]);
        var chain = exception is null ? [] : Summarize(exception);
        var message = OptionalString(root, "message");
        if (chain.Count == 0 && string.IsNullOrWhiteSpace(message))
        {
            throw new EventValidationException("exception", "An event needs an exception (with at least one value) or a message.");
        }

        var request = OptionalObject(root, "request");
        if (request is not null)
        {
            NormalizeRequest(request);
        }
        var environment = StringMap(root, "environment");

        var extra = new JsonObject();
        // Moved, not copied: the body's tree is thrown away once its parts are in the stored document.
        foreach (var name in root.Select(p => p.Key).Where(n => !KnownFields.Contains(n)).ToList())
        {
            var value = root[name];
            root.Remove(name);
            extra[name] = value;
        }
        if (sanitizer.Notes.Count > 0)
        {
            extra["_fivehundreds_notes"] = new JsonArray([.. sanitizer.Notes.Select(n => (JsonNode?)JsonValue.Create(n))]);
        }

        return new ParsedEvent(
            EventId: OptionalEventId(root),
            Timestamp: OptionalTimestamp(root),
            Platform: Cap(OptionalString(root, "platform"), 64),
            Level: OptionalLevel(root),
            Message: message,
            Release: Cap(OptionalString(root, "release"), FieldLimits.EventRelease),
            ServerName: Cap(OptionalString(root, "server_name"), FieldLimits.EventServerName),
            Exception: exception,
            Chain: chain,
            Request: request,
            Environment: environment,
            Tags: StringMap(root, "tags"),
            Sdk: root["sdk"] is JsonObject sdk ? sdk.Detach() : Expect<JsonObject>(root["sdk"], "sdk", "an object"),
            Fingerprint: OptionalFingerprint(root),
            Extra: extra);
    }

    // Accepts {"values": [...]} and, as older SDKs send it, a bare array of exceptions.
    private JsonObject? NormalizeException(JsonNode? node)
    {
        var values = node switch
        {
            null => null,
            JsonArray array => array,
            JsonObject obj => Expect<JsonArray>(obj["values"], "exception.values", "an array of exceptions"),
            _ => throw new EventValidationException("exception", "exception must be an object with a \"values\" array."),
        };
        if (values is null)
        {
            return null;
        }
        return new JsonObject { ["values"] = values.Detach() };
    }

    private static List<ExceptionSummary> Summarize(JsonObject exception)
    {
        var summaries = new List<ExceptionSummary>();
        var values = (JsonArray)exception["values"]!;
        for (var i = 0; i < values.Count; i++)
        {
            var path = $"exception.values[{i}]";
            var value = values[i] as JsonObject ?? throw new EventValidationException(path, $"{path} must be an object.");
            var type = OptionalString(value, "type", path);
            var text = OptionalString(value, "value", path);
            OptionalString(value, "module", path);
            if (string.IsNullOrWhiteSpace(type) && string.IsNullOrWhiteSpace(text))
            {
                throw new EventValidationException($"{path}.type", $"{path} needs a type or a value.");
            }
            var stacktrace = OptionalObject(value, "stacktrace", path);
            var frames = stacktrace is null ? null : SummarizeFrames(stacktrace, $"{path}.stacktrace");
            var typeMissing = string.IsNullOrWhiteSpace(type);
            if (typeMissing)
            {
                value["type"] = type = "Error";
            }
            summaries.Add(new ExceptionSummary(type!, text, frames, typeMissing));
        }
        return summaries;
    }

    private static List<FrameSummary> SummarizeFrames(JsonObject stacktrace, string path)
    {
        var frames = Expect<JsonArray>(stacktrace["frames"], $"{path}.frames", "an array of frames") ?? [];
        var summaries = new List<FrameSummary>(frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            var framePath = $"{path}.frames[{i}]";
            var frame = frames[i] as JsonObject ?? throw new EventValidationException(framePath, $"{framePath} must be an object.");
            var filename = OptionalString(frame, "filename", framePath);
            var absPath = OptionalString(frame, "abs_path", framePath);
            var function = OptionalString(frame, "function", framePath);
            var module = OptionalString(frame, "module", framePath);
            OptionalString(frame, "context_line", framePath);
            OptionalInteger(frame, "lineno", framePath);
            OptionalInteger(frame, "colno", framePath);
            OptionalStringArray(frame, "pre_context", framePath);
            OptionalStringArray(frame, "post_context", framePath);
            var inApp = frame["in_app"] switch
            {
                null => !FrameClassifier.IsLibraryFrame(filename, absPath, module, function),
                JsonValue v when v.TryGetValue<bool>(out var b) => b,
                _ => throw new EventValidationException($"{framePath}.in_app", $"{framePath}.in_app must be true or false."),
            };
            frame["in_app"] = inApp;
            summaries.Add(new FrameSummary(filename, absPath, module, function, inApp));
        }

        return summaries;
    }

    private void NormalizeRequest(JsonObject request)
    {
        OptionalString(request, "url", "request");
        OptionalString(request, "method", "request");
        if (request["query_string"] is JsonObject or JsonArray)
        {
            // Some SDKs send the query as pairs; one readable string is what every view shows.
            request["query_string"] = request["query_string"]!.ToJsonString();
        }
        OptionalString(request, "query_string", "request");
        request["headers"] = StringMap(request, "headers", "request");
        if (request["cookies"] is JsonNode cookies)
        {
            request["cookies"] = cookies is JsonObject ? cookies : SecretScrubber.Filtered;
        }
    }

    // Headers, environment variables and tags as a flat name → string map; also accepts [[name, value], ...].
    private static JsonObject? StringMap(JsonObject parent, string name, string? parentPath = null)
    {
        var path = parentPath is null ? name : $"{parentPath}.{name}";
        var pairs = parent[name] switch
        {
            null => null,
            JsonObject obj => obj.Select(p => (p.Key, p.Value)),
            JsonArray array => array.Select((item, i) => item is JsonArray { Count: 2 } pair && pair[0] is JsonValue key && key.TryGetValue<string>(out var k)
                ? (k, pair[1])
                : throw new EventValidationException($"{path}[{i}]", $"{path} must be an object of names and values, or a list of [name, value] pairs.")),
            _ => throw new EventValidationException(path, $"{path} must be an object of names and values."),
        };
        if (pairs is null)
        {
            return null;
        }
        var map = new JsonObject();
        foreach (var (key, value) in pairs.ToList())
        {
            map[key] = value switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => value.ToJsonString(),
            };
        }
        return map;
    }

    private static Guid? OptionalEventId(JsonObject root)
    {
        var text = OptionalString(root, "event_id");
        if (text is null)
        {
            return null;
        }
        return Guid.TryParse(text, out var id) ? id : throw new EventValidationException("event_id", "event_id must be a UUID.");
    }

    private static DateTimeOffset? OptionalTimestamp(JsonObject root) => root["timestamp"] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) =>
            DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                ? t
                : throw new EventValidationException("timestamp", "timestamp must be an ISO 8601 date and time."),
        JsonValue v when v.TryGetValue<double>(out var seconds) && seconds is > 0 and < 32503680000 =>
            DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)),
        _ => throw new EventValidationException("timestamp", "timestamp must be an ISO 8601 string or Unix seconds."),
    };

    private static EventLevel OptionalLevel(JsonObject root)
    {
        var text = OptionalString(root, "level");
        if (text is null)
        {
            return EventLevel.Error;
        }
        return Levels.TryGetValue(text, out var level)
            ? level
            : throw new EventValidationException("level", "level must be one of fatal, error, warning, info, debug.");
    }

    private static List<string>? OptionalFingerprint(JsonObject root)
    {
        var values = Expect<JsonArray>(root["fingerprint"], "fingerprint", "an array of strings");
        return values?.Select((item, i) => item is JsonValue v && v.TryGetValue<string>(out var s)
                ? s
                : throw new EventValidationException($"fingerprint[{i}]", "fingerprint must be an array of strings."))
            .ToList();
    }

    private static JsonObject? OptionalObject(JsonObject parent, string name, string? parentPath = null) =>
        Expect<JsonObject>(parent[name], parentPath is null ? name : $"{parentPath}.{name}", "an object");

    private static string? OptionalString(JsonObject parent, string name, string? parentPath = null) => parent[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new EventValidationException(parentPath is null ? name : $"{parentPath}.{name}",
            $"{(parentPath is null ? name : $"{parentPath}.{name}")} must be a string."),
    };

    private static void OptionalInteger(JsonObject parent, string name, string parentPath)
    {
        if (parent[name] is not (null or JsonValue) || (parent[name] is JsonValue v && !(v.TryGetValue<long>(out var n) && n is >= 0 and <= int.MaxValue)))
        {
            throw new EventValidationException($"{parentPath}.{name}", $"{parentPath}.{name} must be a whole number from 0 to {int.MaxValue}.");
        }
    }

    private static void OptionalStringArray(JsonObject parent, string name, string parentPath)
    {
        var path = $"{parentPath}.{name}";
        var array = Expect<JsonArray>(parent[name], path, "an array of strings");
        if (array is not null && array.Any(item => item is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            throw new EventValidationException(path, $"{path} must be an array of strings.");
        }
    }

    private static T? Expect<T>(JsonNode? node, string path, string what) where T : JsonNode => node switch
    {
        null => null,
        T typed => typed,
        _ => throw new EventValidationException(path, $"{path} must be {what}."),
    };

    private static string? Cap(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
