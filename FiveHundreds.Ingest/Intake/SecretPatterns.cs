using System.Buffers;
using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Intake;

// Secrets recognised by their shape wherever they appear in a text. Each pattern runs only on texts holding its
// trigger, a literal every match contains, so that the many texts with none cost no regular expression at all.
// Triggers are matched case-sensitively, which keeps the search vectorised: the case-insensitive patterns list
// the spellings that occur.
internal static partial class SecretPatterns
{
    private sealed record Pattern(string[] Triggers, Regex Regex, MatchEvaluator Replacement, Func<string, bool>? MayMatch = null)
    {
        public SearchValues<string> AnyTrigger { get; } = SearchValues.Create(Triggers, StringComparison.Ordinal);
    }

    private static readonly Pattern[] Patterns =
    [
        // Before the others: a key block is removed whole, with its lines.
        new(["-----BEGIN"], PrivateKeyBlock(), _ => SecretScrubber.Filtered),
        // postgres://user:pass@host keeps the scheme, user and host.
        new(["://"], UrlCredentials(), m => ReplaceGroup(m, "password"), MayHoldUrlCredentials),
        new(["Bearer", "bearer", "BEARER", "Basic", "basic", "BASIC"], AuthorizationValue(), m => LooksLikeCredentials(m.Groups["credentials"].Value) ? ReplaceGroup(m, "credentials") : m.Value),
        new(["AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "xox", "hooks.slack.com", "eyJ"], KeyShape(), _ => SecretScrubber.Filtered),
    ];

    private static readonly SearchValues<string> AnyTrigger = SearchValues.Create([.. Patterns.SelectMany(p => p.Triggers)], StringComparison.Ordinal);

    public static string Scrub(string text)
    {
        if (!text.AsSpan().ContainsAny(AnyTrigger))
        {
            return text;
        }
        foreach (var pattern in Patterns)
        {
            if (text.AsSpan().ContainsAny(pattern.AnyTrigger) && (pattern.MayMatch?.Invoke(text) ?? true))
            {
                text = pattern.Regex.Replace(text, pattern.Replacement);
            }
        }
        return text;
    }

    // Most URLs carry no credentials ("https://host/path", "postgres://user@host/db"): a colon must follow the
    // scheme's "://" before any '/', '@', '?', '#' or space, and an '@' must come later. Checking that costs far
    // less than the regular expression, which ran on every URL of every event.
    private static bool MayHoldUrlCredentials(string text)
    {
        for (var scheme = text.IndexOf("://", StringComparison.Ordinal); scheme >= 0; scheme = text.IndexOf("://", scheme + 3, StringComparison.Ordinal))
        {
            var user = text.AsSpan(scheme + 3);
            var colon = user.IndexOfAny(UserInfoEnd);
            if (colon >= 0 && user[colon] == ':' && user[colon..].Contains('@'))
            {
                return true;
            }
        }
        return false;
    }

    private static readonly SearchValues<char> UserInfoEnd = SearchValues.Create(":/@?# \t\r\n\f\v");

    // The match with one of its groups replaced by the filtered marker.
    public static string ReplaceGroup(Match match, string group)
    {
        var secret = match.Groups[group];
        var start = secret.Index - match.Index;
        return string.Concat(match.ValueSpan[..start], SecretScrubber.Filtered, match.ValueSpan[(start + secret.Length)..]);
    }

    // "Basic authentication failed" is prose; "Basic dXNlcjpwYXNz" is a credential: credentials mix cases, or hold
    // digits or base64/token punctuation.
    private static bool LooksLikeCredentials(string value) =>
        value.Any(c => char.IsDigit(c) || c is '=' or '+' or '/' or '-' or '_' or '.' or '~') || value.Skip(1).Any(char.IsUpper);

    [GeneratedRegex(@"-----BEGIN[A-Z ]*PRIVATE KEY-----.*?(?:-----END[A-Z ]*PRIVATE KEY-----|\z)", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.\-]{0,30}://[^\s:/@?#]{0,256}:(?<password>[^\s@/?#]{1,512})@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"\b(?:Bearer|Basic)\s+(?<credentials>[A-Za-z0-9\-._~+/]{8,}=*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationValue();

    // AWS access key ids, GitHub tokens (classic and fine-grained), Stripe secret and restricted keys, Slack tokens
    // and webhook URLs, and JSON Web Tokens (a header and a payload, both base64url JSON objects).
    [GeneratedRegex(
        @"\b(?:(?:AKIA|ASIA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,255}"
        + @"|xox[abposr]-[A-Za-z0-9\-]{10,255}|eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*)\b"
        + @"|https://hooks\.slack\.com/services/[A-Za-z0-9/]+",
        RegexOptions.CultureInvariant)]
    private static partial Regex KeyShape();
}
