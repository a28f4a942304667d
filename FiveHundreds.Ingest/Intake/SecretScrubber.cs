using System.Text.Json.Nodes;

namespace FiveHundreds.Ingest.Intake;

// Replaces the values of secret-looking names (headers, environment variables, form fields) with
// "[Filtered]", keeping the name so a developer still sees that it was there.
public sealed class SecretScrubber(IEnumerable<string>? extraNames = null)
{
    public const string Filtered = "[Filtered]";

    private static readonly HashSet<string> ExactNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "cookie", "set-cookie", "x-monolynx-key",
    };

    private static readonly string[] DefaultFragments =
        ["password", "passwd", "secret", "token", "api_key", "apikey", "auth", "credential", "session", "private"];

    private readonly string[] _fragments = [.. DefaultFragments, .. (extraNames ?? []).Select(Normalize)];

    public bool IsSecret(string name)
    {
        if (ExactNames.Contains(name))
        {
            return true;
        }
        var normalized = Normalize(name);
        return _fragments.Any(normalized.Contains);
    }

    // "X-Api-Key" and "API-KEY" are the same secret as "api_key".
    private static string Normalize(string name) => name.ToLowerInvariant().Replace('-', '_');

    // Scrubs the names of one object and of every object nested in it (form bodies, cookies, nested settings).
    public void Scrub(JsonNode? node)
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
    }
}
