using System.Text.Json.Nodes;

namespace FiveHundreds.Sdk;

// The intake's name rule, applied before anything leaves the process: a name that looks secret keeps its place
// and loses its value. Names are compared lowercased with '-' read as '_', so the header "X-Api-Key" and the
// variable "API_KEY" are one name; a name is secret when it is one of the exact names or contains a fragment,
// and names from ScrubNames count as fragments. The intake applies the same rule again, with its value rules.
public sealed class SecretScrubber
{
    public const string Filtered = "[Filtered]";

    private static readonly HashSet<string> ExactNames = ["authorization", "cookie", "set_cookie", "x_monolynx_key"];

    private static readonly string[] DefaultFragments =
        ["password", "passwd", "secret", "token", "api_key", "apikey", "auth", "credential", "session", "private"];

    private readonly string[] _fragments;

    public SecretScrubber(IEnumerable<string>? extraNames = null) =>
        _fragments = [.. DefaultFragments, .. (extraNames ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(Normalize)];

    public bool IsSecret(string name)
    {
        var normalized = Normalize(name);
        return ExactNames.Contains(normalized) || _fragments.Any(f => normalized.Contains(f, StringComparison.Ordinal));
    }

    private static string Normalize(string name) => name.ToLowerInvariant().Replace('-', '_');

    public string ScrubValue(string name, string value) => IsSecret(name) ? Filtered : value;

    // Secret-looking names filtered at every depth of a parsed body, in place.
    public JsonNode? Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecret(name))
                    {
                        obj[name] = Filtered;
                    }
                    else
                    {
                        Scrub(obj[name]);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Scrub(item);
                }
                break;
        }
        return node;
    }
}
