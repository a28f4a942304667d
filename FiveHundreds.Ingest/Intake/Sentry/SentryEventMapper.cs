using System.Text.Json.Nodes;

namespace FiveHundreds.Ingest.Intake.Sentry;

// Translates a Sentry event (https://develop.sentry.dev/sdk/data-model/event-payloads/) into FiveHundreds'
// own event body, so that EventParser checks, scrubs and groups it exactly like a native one. It translates
// the shapes it knows and passes anything else on unchanged, so that EventParser names the field at fault.
public static class SentryEventMapper
{
    // Fields whose Sentry form differs from the native field of the same name. Every other field (contexts,
    // extra, user, breadcrumbs, release, platform, sdk, fingerprint, ...) is passed on as it is.
    private static readonly HashSet<string> TranslatedFields =
        ["event_id", "message", "logentry", "exception", "request", "tags", "environment"];

    // The Sentry tree (already sanitized and capped) is thrown away after mapping, so its parts are moved into
    // the native event, not copied.
    public static JsonObject Map(JsonObject sentry, string? envelopeEventId)
    {
        var dotnet = Text(sentry["platform"]) == "csharp";
        var native = new JsonObject();
        foreach (var name in sentry.Select(p => p.Key).Where(n => !TranslatedFields.Contains(n)).ToList())
        {
            native[name] = sentry[name]?.Detach();
        }
        Set(native, "event_id", sentry["event_id"]?.Detach() ?? (envelopeEventId is null ? null : JsonValue.Create(envelopeEventId)));
        Set(native, "message", Message(sentry));
        Set(native, "exception", Exception(sentry["exception"], dotnet));
        Set(native, "request", Request(sentry["request"]));
        Set(native, "tags", Tags(sentry["tags"], sentry["environment"]));
        return native;
    }

    // Sentry has "logentry" ({"formatted", "message", "params"}) and "message" (a string, or the same object).
    private static JsonNode? Message(JsonObject sentry)
    {
        foreach (var node in new[] { sentry["logentry"], sentry["message"] })
        {
            var text = node switch
            {
                JsonObject entry => Text(entry["formatted"]) ?? Text(entry["message"]),
                _ => Text(node),
            };
            if (text is not null)
            {
                return text;
            }
        }
        // Neither holds a string: passed on so that EventParser explains what "message" must be.
        return sentry["message"] is JsonObject ? null : sentry["message"]?.Detach();
    }

    private static JsonNode? Exception(JsonNode? node, bool dotnet)
    {
        var values = node switch
        {
            JsonArray array => array,
            JsonObject exception when exception["values"] is JsonArray array => array,
            _ => null,
        };
        if (values is null)
        {
            return node?.Detach();
        }
        foreach (var value in values)
        {
            if (value is JsonObject exception && exception["stacktrace"] is JsonObject stacktrace && stacktrace["frames"] is JsonArray frames)
            {
                foreach (var frame in frames.OfType<JsonObject>())
                {
                    MapFrame(frame, dotnet);
                }
            }
        }
        return new JsonObject { ["values"] = values.Detach() };
    }

    private static void MapFrame(JsonObject frame, bool dotnet)
    {
        // Local variables are values from a running app (passwords, tokens, personal data) that FiveHundreds
        // neither shows nor can scrub reliably by name, so they are not kept.
        frame.Remove("vars");
        if (dotnet && frame["module"] is null && Text(frame["function"]) is { } signature
            && DotnetSignature.Split(signature) is var (type, method))
        {
            // The .NET SDK sends "async Task Checkout.RunAsync()" and no module; FiveHundreds' own SDK sends
            // the type as module and the bare method name, which is what grouping and the culprit read.
            frame["module"] = type;
            frame["function"] = method;
            frame["raw_function"] = signature;
        }
    }

    private static JsonNode? Request(JsonNode? node)
    {
        if (node is not JsonObject request)
        {
            return node?.Detach();
        }
        request.Detach();
        if (request["query_string"] is JsonArray or JsonObject && Pairs(request["query_string"]!) is { } query)
        {
            request["query_string"] = string.Join('&', query.Select(p =>
                $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(Text(p.Value) ?? p.Value?.ToJsonString() ?? "")}"));
        }
        // A Cookie header string or pairs become names and values, so that only the secret ones are filtered.
        var cookies = request["cookies"] switch
        {
            JsonValue cookie when Text(cookie) is { } header => CookieHeader(header),
            JsonArray array => Pairs(array),
            _ => null,
        };
        Set(request, "cookies", cookies);
        return request;
    }

    private static JsonNode? Tags(JsonNode? tags, JsonNode? environment)
    {
        var mapped = tags switch
        {
            null => environment is null ? null : new JsonObject(),
            JsonObject or JsonArray => Pairs(tags),
            _ => null,
        };
        if (mapped is null)
        {
            return tags?.Detach();
        }
        // Sentry's "environment" is the deploy stage (production, staging); FiveHundreds' environment field is the
        // process's variables, so the stage becomes a tag, where Sentry also lists it.
        if (Text(environment) is { } stage && !mapped.ContainsKey("environment"))
        {
            mapped["environment"] = stage;
        }
        return mapped.Count == 0 ? null : mapped;
    }

    // An object of names, or a list of [name, value] pairs, as an object; null for any other shape.
    private static JsonObject? Pairs(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            return obj.Detach();
        }
        var pairs = (JsonArray)node;
        if (pairs.Any(item => item is not JsonArray { Count: 2 } pair || Text(pair[0]) is null))
        {
            return null;
        }
        var result = new JsonObject();
        foreach (var pair in pairs.Cast<JsonArray>())
        {
            var value = pair[1];
            pair.RemoveAt(1);
            result[Text(pair[0])!] = value;
        }
        return result;
    }

    private static JsonObject CookieHeader(string header)
    {
        var cookies = new JsonObject();
        foreach (var cookie in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = cookie.IndexOf('=');
            cookies[equals < 0 ? cookie : cookie[..equals]] = equals < 0 ? "" : cookie[(equals + 1)..];
        }
        return cookies;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static void Set(JsonObject target, string name, JsonNode? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }
}
