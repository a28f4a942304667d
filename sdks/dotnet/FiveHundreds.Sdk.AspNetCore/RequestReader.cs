using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace FiveHundreds.Sdk.AspNetCore;

// The request part of an event, scrubbed the intake's way before it leaves the process: headers, query
// parameters and body fields with secret-looking names keep the name and lose the value.
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
            Data = options.CaptureRequestBody ? ReadBody(context, scrubber) : null,
        };
    }

    private static QueryString ScrubQuery(IQueryCollection query, SecretScrubber scrubber) =>
        query.Count == 0
            ? QueryString.Empty
            : QueryString.Create(query.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, scrubber.ScrubValue(p.Key, v ?? "")))));

    // Only what the endpoint has read is there (see FiveHundredsMiddleware). A body is sent only as fields, so
    // that each secret-named one can be filtered: JSON or a URL-encoded form, complete. Anything else is
    // dropped rather than sent as raw text, where a password form field would travel unscrubbed.
    private static JsonNode? ReadBody(HttpContext context, SecretScrubber scrubber)
    {
        if (context.Features.Get<RequestBodyPrefix>() is not { IsCut: false } body || body.Copied.IsEmpty)
        {
            return null;
        }
        var request = context.Request;
        if (request.HasJsonContentType())
        {
            try
            {
                return scrubber.Scrub(JsonNode.Parse(body.Copied));
            }
            catch (JsonException)
            {
                return null;
            }
        }
        if (request.ContentType is { } type && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var fields = new JsonObject();
            foreach (var (name, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body.Copied)))
            {
                fields[name] = scrubber.ScrubValue(name, values.ToString());
            }
            return fields;
        }
        return null;
    }
}
