using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FiveHundreds.Tests.Ingest;

// Intake bodies in the documented format, varied one aspect at a time.
public static class EventSamples
{
    public static JsonObject Frame(string filename, string function, int line, bool? inApp = true, string? absPath = null, string? module = null)
    {
        var frame = new JsonObject
        {
            ["filename"] = filename,
            ["function"] = function,
            ["lineno"] = line,
            ["context_line"] = $"    line {line} of {function}",
            ["pre_context"] = new JsonArray("def x():"),
            ["post_context"] = new JsonArray(),
        };
        if (inApp is not null)
        {
            frame["in_app"] = inApp;
        }
        if (absPath is not null)
        {
            frame["abs_path"] = absPath;
        }
        if (module is not null)
        {
            frame["module"] = module;
        }
        return frame;
    }

    public static JsonObject Exception(string type, string value, params JsonObject[] frames) => new()
    {
        ["type"] = type,
        ["value"] = value,
        ["stacktrace"] = new JsonObject { ["frames"] = new JsonArray([.. frames]) },
    };

    public static JsonObject Event(params JsonObject[] chain) => new()
    {
        ["event_id"] = Guid.NewGuid().ToString(),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["platform"] = "python",
        ["level"] = "error",
        ["release"] = "shop@1.4.2",
        ["server_name"] = "web-1",
        ["exception"] = new JsonObject { ["values"] = new JsonArray([.. chain]) },
        ["request"] = new JsonObject
        {
            ["url"] = "https://shop.example/checkout?x=1",
            ["method"] = "POST",
            ["headers"] = new JsonObject { ["User-Agent"] = "test", ["Cookie"] = "sessionid=abc", ["X-Api-Key"] = "k-123" },
            ["query_string"] = "x=1",
            ["data"] = new JsonObject { ["card"] = "4111", ["password"] = "hunter2" },
        },
        ["environment"] = new JsonObject { ["DJANGO_SETTINGS_MODULE"] = "shop.settings", ["DATABASE_PASSWORD"] = "s3cret" },
        ["tags"] = new JsonObject { ["customer_tier"] = "gold" },
        ["sdk"] = new JsonObject { ["name"] = "fivehundreds.python", ["version"] = "0.1.0" },
    };

    // A typical Django error: one framework frame, then the app's view.
    public static JsonObject DivisionInCheckout(int line = 42, string function = "checkout", string type = "ZeroDivisionError") => Event(
        Exception(type, "division by zero",
            Frame("django/core/handlers/base.py", "_get_response", 181, inApp: false,
                absPath: "/usr/lib/python3/dist-packages/django/core/handlers/base.py"),
            Frame("shop/views.py", function, line, absPath: "/srv/shop/releases/142/shop/views.py", module: "shop.views")));

    public static string Json(this JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    // A body gzipped as SDKs send it, labelled with the content type (none when it is null).
    public static ByteArrayContent Gzip(string text, string? contentType = "application/json")
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        var content = new ByteArrayContent(buffer.ToArray());
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}
