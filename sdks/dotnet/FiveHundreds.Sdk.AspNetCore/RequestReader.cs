using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace FiveHundreds.Sdk.AspNetCore;

// The request part of an event, scrubbed the intake's way before it leaves the process: headers, query
// parameters and JSON body fields with secret-looking names keep the name and lose the value.
internal static class RequestReader
{
    public static SdkRequest Read(HttpContext context, SecretScrubber scrubber, FiveHundredsOptions options)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = scrubber.ScrubValue(name, value.ToString());
        }
        var query = ScrubQuery(request.Query, scrubber);
        return new SdkRequest
        {
            Url = UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, query),
            Method = request.Method,
            Headers = headers,
            QueryString = query.HasValue ? query.Value![1..] : null,
            Data = options.CaptureRequestBody ? ReadBody(request, scrubber, options.MaxRequestBodyBytes) : null,
        };
    }

    private static QueryString ScrubQuery(IQueryCollection query, SecretScrubber scrubber) =>
        query.Count == 0
            ? QueryString.Empty
            : QueryString.Create(query.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, scrubber.ScrubValue(p.Key, v ?? "")))));

    // Only a buffered body (see FiveHundredsMiddleware) can be read again, and only the part already buffered:
    // that is read from memory (or the buffer file), synchronously, which also works inside an exception
    // filter. Its position is put back afterwards.
    private static JsonNode? ReadBody(HttpRequest request, SecretScrubber scrubber, int maxBytes)
    {
        if (!request.Body.CanSeek || request.Body.Length == 0)
        {
            return null;
        }
        var position = request.Body.Position;
        var buffer = new byte[Math.Min(maxBytes, request.Body.Length)];
        request.Body.Position = 0;
        var read = request.Body.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        request.Body.Position = position;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        if (request.HasJsonContentType())
        {
            try
            {
                return Scrub(JsonNode.Parse(text), scrubber);
            }
            catch (JsonException)
            {
                // Cut at the cap or not JSON after all: sent as text.
            }
        }
        return JsonValue.Create(text);
    }

    private static JsonNode? Scrub(JsonNode? node, SecretScrubber scrubber)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (scrubber.IsSecret(name))
                    {
                        obj[name] = SecretScrubber.Filtered;
                    }
                    else
                    {
                        Scrub(obj[name], scrubber);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Scrub(item, scrubber);
                }
                break;
        }
        return node;
    }
}
