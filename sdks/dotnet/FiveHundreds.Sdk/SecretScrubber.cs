namespace FiveHundreds.Sdk;

// The intake's scrubbing rule, applied before anything leaves the process: a name that looks secret keeps
// its place and loses its value.
public sealed class SecretScrubber
{
    public const string Filtered = "[Filtered]";

    private static readonly string[] ExactNames = ["Authorization", "Cookie", "Set-Cookie", "X-Monolynx-Key"];

    private static readonly string[] SecretParts =
        ["password", "passwd", "secret", "token", "api_key", "apikey", "auth", "credential", "session", "private"];

    private readonly string[] _extraNames;

    public SecretScrubber(IEnumerable<string>? extraNames = null) =>
        _extraNames = extraNames?.Where(n => !string.IsNullOrWhiteSpace(n)).ToArray() ?? [];

    public bool IsSecret(string name)
    {
        foreach (var exact in ExactNames)
        {
            if (name.Equals(exact, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        foreach (var part in SecretParts)
        {
            if (name.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        foreach (var extra in _extraNames)
        {
            if (name.Equals(extra, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public string ScrubValue(string name, string value) => IsSecret(name) ? Filtered : value;
}
