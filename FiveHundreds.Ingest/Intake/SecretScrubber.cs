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

    // One vectorised search per name instead of one per fragment: every key of every event is looked at.
    private static readonly SearchValues<string> DefaultFragmentValues = SearchValues.Create(DefaultFragments, StringComparison.Ordinal);

    // Names longer than this are normalised on the heap; the sanitizer cuts names at 256 characters.
    private const int StackNameLength = 256;

    // Besides the built-in fragments.
    private readonly string[] _extraFragments;

    // Extra names count like the built-in fragments: a name containing one is secret.
    public SecretScrubber(IEnumerable<string>? extraNames = null)
        : this([], extraNames ?? [])
    {
    }

    private SecretScrubber(IEnumerable<string> extraFragments, IEnumerable<string> moreNames) =>
        _extraFragments = [.. extraFragments, .. moreNames.Where(n => !string.IsNullOrWhiteSpace(n)).Select(Normalize)];

    // This rule with a project's own names added.
    public SecretScrubber With(IReadOnlyCollection<string> projectNames) =>
        projectNames.Count == 0 ? this : new SecretScrubber(_extraFragments, projectNames);

    public bool IsSecret(ReadOnlySpan<char> name) => Matches(name, ExactNames, DefaultFragmentValues, _extraFragments);

    private static bool IsIpAddressName(string name) => Matches(name, IpAddressNames, null, []);

    // Whether the normalised name is one of the names or contains one of the fragments.
    private static bool Matches(ReadOnlySpan<char> name, HashSet<string> names, SearchValues<string>? fragments, string[] moreFragments)
    {
        Span<char> normalized = name.Length <= StackNameLength ? stackalloc char[name.Length] : new char[name.Length];
        Normalize(name, normalized);
        if (names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(normalized) || (fragments is not null && normalized.ContainsAny(fragments)))
        {
            return true;
        }
        foreach (var fragment in moreFragments)
        {
            if (normalized.Contains(fragment, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
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
    public void Scrub(JsonNode? node, bool dropIpAddresses = false) => Scrub(node, dropIpAddresses, isSource: false);

    private void Scrub(JsonNode? node, bool dropIpAddresses, bool isSource)
    {
        switch (node)
        {
            case JsonObject obj:
                for (var i = 0; i < obj.Count; i++)
                {
                    var (name, value) = obj.GetAt(i);
                    var holdsSource = IsSourceLines(name);
                    if (dropIpAddresses && IsIpAddressName(name))
                    {
                        obj.RemoveAt(i--);
                    }
                    else if (IsSecret(name))
                    {
                        obj.SetAt(i, Filtered);
                    }
                    else if (ScrubbedText(value, holdsSource) is { } text)
                    {
                        obj.SetAt(i, text);
                    }
                    else
                    {
                        Scrub(value, dropIpAddresses, holdsSource);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (ScrubbedText(array[i], isSource) is { } text)
                    {
                        array[i] = text;
                    }
                    else
                    {
                        Scrub(array[i], dropIpAddresses, isSource);
                    }
                }
                break;
        }
    }

    // A frame's lines of source code: the app's code, not its data. Their assignments and literals
    // (password = form["password"]) are no secret-named pairs, so only the shapes of secrets are looked for there.
    private static bool IsSourceLines(string name) => name is "context_line" or "pre_context" or "post_context";

    // The scrubbed text of a string value that held a secret; null for any other node.
    private string? ScrubbedText(JsonNode? node, bool isSource)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }
        var scrubbed = ScrubText(text, isSource);
        return ReferenceEquals(scrubbed, text) ? null : scrubbed;
    }

    // The text with every secret found by value replaced; the same instance when there was none.
    public string ScrubText(string text) => ScrubText(text, isSource: false);

    // Each rule first looks for what every match of it contains, with one vectorised search: most texts hold
    // none of it and cost no more than that.
    private string ScrubText(string text, bool isSource)
    {
        text = SecretPatterns.Scrub(text);
        text = isSource ? text : SecretPairs.Scrub(text, this);
        return CardNumbers.Scrub(text);
    }
}
