using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Triage;

// The browser and os contexts of a browser event, read from its request's User-Agent when the SDK sent none
// (browser SDKs never do: Sentry's servers work them out the same way). Only the common browsers are named; an
// unknown agent gives no context rather than a wrong one.
public static partial class UserAgentContexts
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? With(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? contexts, IReadOnlyDictionary<string, string>? headers)
    {
        var userAgent = headers?.FirstOrDefault(h => string.Equals(h.Key, "User-Agent", StringComparison.OrdinalIgnoreCase)).Value;
        if (userAgent is null || (contexts?.ContainsKey("browser") ?? false))
        {
            return contexts;
        }
        var merged = new Dictionary<string, IReadOnlyDictionary<string, string>>(contexts ?? new Dictionary<string, IReadOnlyDictionary<string, string>>());
        if (Browser(userAgent) is { } browser)
        {
            merged["browser"] = browser;
        }
        if (!merged.ContainsKey("os") && Os(userAgent) is { } os)
        {
            merged["os"] = new Dictionary<string, string> { ["name"] = os };
        }
        return merged.Count == 0 ? contexts : merged;
    }

    // "Chrome 120.0.6099.71" and "Windows", as the browser and os facets count an event whose SDK sent no such
    // context; null for an unknown agent.
    public static string? BrowserOf(string? userAgent) =>
        userAgent is not null && Browser(userAgent) is { } browser ? $"{browser["name"]} {browser["version"]}" : null;

    public static string? OsOf(string? userAgent) => userAgent is null ? null : Os(userAgent);

    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
    private static Dictionary<string, string>? Browser(string userAgent)
    {
        foreach (var (name, pattern) in new[] { ("Edge", EdgePattern()), ("Opera", OperaPattern()), ("Firefox", FirefoxPattern()), ("Chrome", ChromePattern()), ("Safari", SafariPattern()) })
        {
            if (pattern.Match(userAgent) is { Success: true } match)
            {
                return new Dictionary<string, string> { ["name"] = name, ["version"] = match.Groups[1].Value };
            }
        }
        return null;
    }

    private static string? Os(string userAgent) =>
        userAgent.Contains("Windows", StringComparison.Ordinal) ? "Windows"
        : userAgent.Contains("Android", StringComparison.Ordinal) ? "Android"
        : userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPad", StringComparison.Ordinal) ? "iOS"
        : userAgent.Contains("Mac OS X", StringComparison.Ordinal) ? "macOS"
        : userAgent.Contains("Linux", StringComparison.Ordinal) ? "Linux"
        : null;

    [GeneratedRegex(@"Edg(?:e|A|iOS)?/([\d.]+)", RegexOptions.None, 100)]
    private static partial Regex EdgePattern();

    [GeneratedRegex(@"OPR/([\d.]+)", RegexOptions.None, 100)]
    private static partial Regex OperaPattern();

    [GeneratedRegex(@"Firefox/([\d.]+)", RegexOptions.None, 100)]
    private static partial Regex FirefoxPattern();

    [GeneratedRegex(@"(?:Headless)?Chrom(?:e|ium)/([\d.]+)", RegexOptions.None, 100)]
    private static partial Regex ChromePattern();

    [GeneratedRegex(@"Version/([\d.]+).*Safari/", RegexOptions.None, 100)]
    private static partial Regex SafariPattern();
}
