using System.Text.Json;
using System.Text.Json.Nodes;
using FiveHundreds.Ingest.Infrastructure;
using FiveHundreds.Ingest.Triage;

namespace FiveHundreds.Ingest.Intake;

// The user an event counts as, and the key/value pairs its issue's facets count, worked out once per event from
// the scrubbed event. Pure: the group commit writes what this returns.
public static class IssueAggregates
{
    // The fields counted as facets besides the tags; a tag of the same name is the same facet.
    public const string Environment = "environment";
    public const string Release = "release";
    public const string ServerName = "server_name";
    public const string Browser = "browser";
    public const string Os = "os";

    public static AffectedUser? UserOf(JsonObject extra)
    {
        if (extra["user"] is not JsonObject user)
        {
            return null;
        }
        var id = Text(user["id"]);
        var email = Text(user["email"]);
        var key = id is not null ? "id:" + id
            : email is not null ? "email:" + email
            : Text(user["ip_address"]) is { } ip ? "ip:" + ip
            : null;
        return key is null ? null : new AffectedUser(Cut(key, FieldLimits.UserKey)!, Cut(id, FieldLimits.UserKey), Cut(email, FieldLimits.UserKey));
    }

    // At most IssueFacetLimits.MaxKeysPerIssue pairs: the built-in fields first, then the tags in the order sent.
    // Browser and os come from the contexts the SDK sent, else (browser SDKs send none) from the request's
    // User-Agent, read as the issue page reads it.
    public static IReadOnlyList<FacetPair> FacetsOf(string? release, string? serverName, JsonObject? tags, JsonObject extra, JsonObject? request)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (value is not null && pairs.Count < IssueFacetLimits.MaxKeysPerIssue)
            {
                pairs.TryAdd(Cut(key, FieldLimits.FacetKey)!, Cut(value, FieldLimits.FacetValue)!);
            }
        }
        Add(Release, release);
        Add(ServerName, serverName);
        var contexts = extra["contexts"] as JsonObject;
        var userAgent = (request?["headers"] as JsonObject)?
            .FirstOrDefault(h => string.Equals(h.Key, "User-Agent", StringComparison.OrdinalIgnoreCase)).Value;
        Add(Browser, NameAndVersion(contexts?[Browser]) ?? UserAgentContexts.BrowserOf(Text(userAgent)));
        Add(Os, NameAndVersion(contexts?[Os]) ?? UserAgentContexts.OsOf(Text(userAgent)));
        foreach (var (key, value) in tags ?? [])
        {
            if (key.Length > 0)
            {
                Add(key, Text(value));
            }
        }
        return [.. pairs.Select(p => new FacetPair(p.Key, p.Value))];
    }

    // "Chrome 120.0": how Sentry's browser and os tags read; the name alone when no version was sent.
    private static string? NameAndVersion(JsonNode? context) =>
        context is JsonObject c && Text(c["name"]) is { } name
            ? Text(c["version"]) is { } version ? $"{name} {version}" : name
            : null;

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Blank(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}

// Who an event's user is for counting (Key) and search (Id, Email).
public sealed record AffectedUser(string Key, string? Id, string? Email);

public sealed record FacetPair(string Key, string Value);

// What a hostile client could otherwise grow without limit: one new key or value per event, for ever. Per issue,
// at most MaxKeysPerIssue keys and MaxValuesPerKey values of each are kept; events bring values beyond those to
// the issue's event count but to no facet row. A group commit adds new keys and values only while the issue is
// under the limit as the commit starts, and at most the limit of them itself: so an issue holds at most twice the
// limit, plus one limit for each further ingest replica racing the same commit.
public static class IssueFacetLimits
{
    public const int MaxKeysPerIssue = 40;

    public const int MaxValuesPerKey = 100;
}
