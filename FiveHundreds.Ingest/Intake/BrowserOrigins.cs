namespace FiveHundreds.Ingest.Intake;

// Which web pages may send a project's events from a browser. A project lists origins the way Sentry's
// "allowed domains" do: "*" for any page, "https://app.example.com" for one origin, "app.example.com" for that
// host under any scheme or port, "*.example.com" for the domain and its subdomains. A request without an Origin
// (or Referer) header comes from a server SDK, not a page, and is not restricted.
public static class BrowserOrigins
{
    public const string Any = "*";

    public const int MaxEntries = 50;

    public const int MaxEntryLength = 200;

    public static IReadOnlyList<string> Default { get; } = [Any];

    // The page that sent a request: its Origin header, else the origin of its Referer (some browsers omit Origin on
    // same-site or "simple" requests), else null.
    public static string? Of(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (!string.IsNullOrWhiteSpace(origin))
        {
            return origin.Trim();
        }
        return Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            ? referer.GetLeftPart(UriPartial.Authority)
            : null;
    }

    public static bool Allows(IReadOnlyList<string> allowed, string? origin)
    {
        if (origin is null || allowed.Contains(Any))
        {
            return true;
        }
        // "null" is the origin of file:// pages and sandboxed frames: nothing but "*" names it.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var page) || page.Host.Length == 0)
        {
            return false;
        }
        return allowed.Any(entry => Matches(entry, page));
    }

    // Null when every entry is a usable pattern, else the reason the first bad one is refused.
    public static string? Problem(IReadOnlyList<string> entries)
    {
        if (entries.Count is 0 or > MaxEntries)
        {
            return $"allowed_origins needs 1 to {MaxEntries} entries (\"*\" allows every page).";
        }
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry) || entry.Length > MaxEntryLength || entry.Any(char.IsWhiteSpace))
            {
                return $"Each allowed origin is 1 to {MaxEntryLength} characters without spaces.";
            }
            if (entry != Any && !IsOrigin(entry) && !IsHostPattern(entry))
            {
                return $"'{entry}' is not an origin (https://app.example.com), a host (app.example.com) or a domain pattern (*.example.com).";
            }
        }
        return null;
    }

    private static bool Matches(string entry, Uri page)
    {
        if (IsOrigin(entry))
        {
            return string.Equals(new Uri(entry).GetLeftPart(UriPartial.Authority), page.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
        }
        if (entry.StartsWith("*.", StringComparison.Ordinal))
        {
            var domain = entry[2..];
            return page.Host.Equals(domain, StringComparison.OrdinalIgnoreCase)
                || page.Host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
        }
        return page.Host.Equals(entry, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsOrigin(string entry) =>
        Uri.TryCreate(entry, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && !entry.EndsWith('/') && uri.Query.Length == 0 && uri.Fragment.Length == 0
        && uri.UserInfo.Length == 0;

    private static bool IsHostPattern(string entry)
    {
        var host = entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry;
        return host.Length > 0 && Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }
}
