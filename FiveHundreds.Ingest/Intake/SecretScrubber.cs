using System.Buffers;
using System.Text.Json.Nodes;

namespace FiveHundreds.Ingest.Intake;

// The intake's one scrubbing rule, run over every string of an event before it is stored, whatever sent it.
// By name: a secret-looking name keeps its place and loses its value, in any object at any depth. By value:
// credentials inside text (URLs, query strings, form bodies, connection strings, Authorization values, private
// keys, card numbers, well-known key shapes) are cut out of the string, the rest kept for the developer.
public sealed class SecretScrubber
{
    public const string Filtered = "[Filtered]";

    // Names are compared lowercased with '-' read as '_', so "X-Api-Key" and "API_KEY" are one name.
    private static readonly HashSet<string> ExactNames = ["authorization", "cookie", "set_cookie", "x_monolynx_key"];

    private static readonly string[] DefaultFragments =
        ["password", "passwd", "secret", "token", "api_key", "apikey", "auth", "credential", "session", "private"];

    // Where apps and proxies put a client's address; removed when a project stores no IP addresses.
    private static readonly HashSet<string> IpAddressNames =
    [
        "ip_address", "remote_addr", "x_forwarded_for", "x_real_ip", "x_client_ip", "client_ip", "cf_connecting_ip",
        "true_client_ip", "forwarded", "http_x_forwarded_for", "http_x_real_ip", "http_client_ip",
    ];

    // Nearly every string holds none of these, so the value patterns below cost one vectorised search for most.
    private static readonly SearchValues<string> Triggers = SearchValues.Create(
        [.. SecretPatterns.Triggers, .. SecretPairs.Triggers], StringComparison.OrdinalIgnoreCase);

    // Names longer than this are normalised on the heap; the sanitizer cuts names at 256 characters.
    private const int StackNameLength = 256;

    private readonly string[] _fragments;

    // Extra names count like the built-in fragments: a name containing one is secret.
    public SecretScrubber(IEnumerable<string>? extraNames = null)
        : this(DefaultFragments, extraNames ?? [])
    {
    }

    private SecretScrubber(IEnumerable<string> fragments, IEnumerable<string> extraNames) =>
        _fragments = [.. fragments, .. extraNames.Where(n => !string.IsNullOrWhiteSpace(n)).Select(Normalize)];

    // This rule with a project's own names added.
    public SecretScrubber With(IReadOnlyCollection<string> projectNames) =>
        projectNames.Count == 0 ? this : new SecretScrubber(_fragments, projectNames);

    public bool IsSecret(ReadOnlySpan<char> name)
    {
        Span<char> normalized = name.Length <= StackNameLength ? stackalloc char[name.Length] : new char[name.Length];
        Normalize(name, normalized);
        if (ExactNames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(normalized))
        {
            return true;
        }
        foreach (var fragment in _fragments)
        {
            if (normalized.Contains(fragment, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsIpAddressName(string name)
    {
        Span<char> normalized = name.Length <= StackNameLength ? stackalloc char[name.Length] : new char[name.Length];
        Normalize(name, normalized);
        return IpAddressNames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(normalized);
    }

    private static string Normalize(string name)
    {
        var normalized = new char[name.Length];
        Normalize(name, normalized);
        return new string(normalized);
    }

    private static void Normalize(ReadOnlySpan<char> name, Span<char> normalized)
    {
        name.ToLowerInvariant(normalized);
        normalized.Replace('-', '_');
    }

    // The event with every stored string scrubbed. The exception chain's texts are scrubbed too, since titles,
    // search text and fingerprints are made from them.
    public ParsedEvent Scrub(ParsedEvent parsed, bool storeIpAddresses)
    {
        var dropIpAddresses = !storeIpAddresses;
        Scrub(parsed.Exception, dropIpAddresses);
        Scrub(parsed.Request, dropIpAddresses);
        Scrub(parsed.Environment, dropIpAddresses);
        Scrub(parsed.Tags, dropIpAddresses);
        Scrub(parsed.Extra, dropIpAddresses);
        return parsed with
        {
            Message = parsed.Message is null ? null : ScrubText(parsed.Message),
            Chain = [.. parsed.Chain.Select(e => e.Value is null ? e : e with { Value = ScrubText(e.Value) })],
        };
    }

    // Scrubs an object or array and everything nested in it, in place.
    public void Scrub(JsonNode? node, bool dropIpAddresses = false)
    {
        switch (node)
        {
            case JsonObject obj:
                for (var i = 0; i < obj.Count; i++)
                {
                    var (name, value) = obj.GetAt(i);
                    if (dropIpAddresses && IsIpAddressName(name))
                    {
                        obj.RemoveAt(i--);
                    }
                    else if (IsSecret(name))
                    {
                        obj.SetAt(i, Filtered);
                    }
                    else if (ScrubbedText(value) is { } text)
                    {
                        obj.SetAt(i, text);
                    }
                    else
                    {
                        Scrub(value, dropIpAddresses);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (ScrubbedText(array[i]) is { } text)
                    {
                        array[i] = text;
                    }
                    else
                    {
                        Scrub(array[i], dropIpAddresses);
                    }
                }
                break;
        }
    }

    // The scrubbed text of a string value that held a secret; null for any other node.
    private string? ScrubbedText(JsonNode? node)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }
        var scrubbed = ScrubText(text);
        return ReferenceEquals(scrubbed, text) ? null : scrubbed;
    }

    // The text with every secret found by value replaced; the same instance when there was none.
    public string ScrubText(string text)
    {
        if (text.AsSpan().ContainsAny(Triggers))
        {
            text = SecretPairs.Scrub(SecretPatterns.Scrub(text), this);
        }
        return CardNumbers.Scrub(text);
    }
}
