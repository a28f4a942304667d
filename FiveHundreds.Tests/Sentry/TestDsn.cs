using System.Text.RegularExpressions;

namespace FiveHundreds.Tests.Sentry;

// The public key and project number of a DSN the test ingest hands out ("http://<key>@localhost/<number>").
public static partial class TestDsn
{
    public static (string Key, long Number) Parts(string dsn)
    {
        var match = DsnPattern().Match(dsn);
        Assert.True(match.Success, dsn);
        return (match.Groups["key"].Value, long.Parse(match.Groups["number"].Value));
    }

    [GeneratedRegex(@"^http://(?<key>[0-9a-f]{32})@localhost/(?<number>\d+)$")]
    private static partial Regex DsnPattern();
}
