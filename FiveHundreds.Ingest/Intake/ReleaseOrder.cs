using System.Globalization;
using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Intake;

// Which of two releases is newer, for "resolve in the next release". Two versions that both read as semantic
// versions ("2.10.0", "v2.10.0-rc.1", "shop@2.10.0" with the same package before the @) compare by semver
// precedence, because that is what their authors mean: 2.10.0 is newer than 2.9.0 even when a hotfix 2.9.1 is
// deployed after it. Anything else (commit hashes, dates, build names) has no order of its own, so the release the
// intake received first is the older one: the order in which the project deployed them. A release the project has
// never sent is newer than every one it has.
public static partial class ReleaseOrder
{
    public static bool IsNewer(Release candidate, Release baseline)
    {
        if (string.Equals(candidate.Version, baseline.Version, StringComparison.Ordinal))
        {
            return false;
        }
        if (SemanticVersion.TryParse(candidate.Version, out var a) && SemanticVersion.TryParse(baseline.Version, out var b)
            && a.Package == b.Package && a.CompareTo(b) is var precedence && precedence != 0)
        {
            return precedence > 0;
        }
        return candidate.FirstSeen is not { } seen || (baseline.FirstSeen is { } baselineSeen && seen > baselineSeen);
    }

    // The newest of a project's releases, or null when it has none.
    public static Release? Newest(IEnumerable<Release> releases) =>
        releases.Aggregate((Release?)null, (newest, r) => newest is null || IsNewer(r, newest) ? r : newest);

    // A release's version and when the intake first received an event naming it (null: never).
    public sealed record Release(string Version, DateTimeOffset? FirstSeen);

    private sealed record SemanticVersion(string Package, long[] Numbers, string[] Prerelease) : IComparable<SemanticVersion>
    {
        public static bool TryParse(string text, out SemanticVersion version)
        {
            var match = SemverPattern().Match(text);
            if (!match.Success
                || !long.TryParse(match.Groups["major"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                || !long.TryParse(match.Groups["minor"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
                || !long.TryParse(match.Groups["patch"].Success ? match.Groups["patch"].Value : "0", NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
            {
                version = null!;
                return false;
            }
            var prerelease = match.Groups["pre"].Success ? match.Groups["pre"].Value.Split('.') : [];
            version = new SemanticVersion(match.Groups["package"].Value, [major, minor, patch], prerelease);
            return true;
        }

        // Semver 2.0.0 precedence: numbers, then a pre-release is older than its release, then the pre-release's
        // identifiers one by one (numeric ones numerically and before words). Build metadata does not count.
        public int CompareTo(SemanticVersion? other)
        {
            for (var i = 0; i < Numbers.Length; i++)
            {
                if (Numbers[i].CompareTo(other!.Numbers[i]) is var c && c != 0)
                {
                    return c;
                }
            }
            if (Prerelease.Length == 0 || other!.Prerelease.Length == 0)
            {
                return other!.Prerelease.Length.CompareTo(Prerelease.Length);
            }
            for (var i = 0; i < Math.Min(Prerelease.Length, other.Prerelease.Length); i++)
            {
                if (ComparePrereleaseIdentifier(Prerelease[i], other.Prerelease[i]) is var c && c != 0)
                {
                    return c;
                }
            }
            return Prerelease.Length.CompareTo(other.Prerelease.Length);
        }

        private static int ComparePrereleaseIdentifier(string a, string b)
        {
            var aNumeric = long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var x);
            var bNumeric = long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var y);
            return (aNumeric, bNumeric) switch
            {
                (true, true) => x.CompareTo(y),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a, b),
            };
        }
    }

    // "[package@][v]major.minor[.patch][-prerelease][+build]", the shapes Sentry's release names take.
    [GeneratedRegex(@"^(?:(?<package>[^@\s]+)@)?v?(?<major>\d{1,18})\.(?<minor>\d{1,18})(?:\.(?<patch>\d{1,18}))?(?:-(?<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SemverPattern();
}
