using System.Text.RegularExpressions;

namespace FiveHundreds.Ingest.Intake;

// "Order 123 failed" and "Order 456 failed" are one problem: the parts of a message that change from one
// occurrence to the next are replaced by their kind before the message is hashed. The most specific kinds go
// first, so that an IP address or a date is not first taken apart as numbers.
public static partial class MessageParameterizer
{
    public static string Parameterize(string text)
    {
        var masked = Quoted().Replace(text, "<quoted>");
        masked = Email().Replace(masked, "<email>");
        masked = Uuid().Replace(masked, "<uuid>");
        masked = Date().Replace(masked, "<date>");
        masked = Time().Replace(masked, "<date>");
        masked = IpV4().Replace(masked, "<ip>");
        masked = IpV6().Replace(masked, "<ip>");
        masked = Duration().Replace(masked, "<duration>");
        masked = Hex().Replace(masked, "<hex>");
        return Number().Replace(masked, "<n>");
    }

    // Quotes that open and close a value ('sku', "A-17"), not the apostrophes inside words (don't, it's).
    [GeneratedRegex("""(?<!\w)(?:"[^"\r\n]*"|'[^'\r\n]*')(?!\w)""")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")]
    private static partial Regex Email();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")]
    private static partial Regex Date();

    [GeneratedRegex(@"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b")]
    private static partial Regex Time();

    [GeneratedRegex(@"\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b")]
    private static partial Regex IpV4();

    // Eight groups, or fewer around a "::", with at least one hex digit: a clock time, "a:b" or a lone "::" in prose is
    // not an address.
    [GeneratedRegex(@"(?<![\w:])(?=[:0-9a-fA-F]*[0-9a-fA-F])(?:(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){0,6}(?:[0-9a-fA-F]{1,4})?::(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{0,4})(?![\w:])")]
    private static partial Regex IpV6();

    [GeneratedRegex(@"\b\d+(?:\.\d+)?\s?(?:ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b")]
    private static partial Regex Hex();

    [GeneratedRegex(@"\d+(?:\.\d+)?")]
    private static partial Regex Number();
}
