using System.Text;

namespace FiveHundreds.Ingest.Intake;

// Payment card numbers inside a text: 13 to 19 digits, grouped by single spaces or hyphens or not at all, that
// begin as card numbers do (2 to 6) and pass the Luhn check. Timestamps and ids, which begin with other digits or
// fail the check, are kept.
internal static class CardNumbers
{
    private const int MinDigits = 13;
    private const int MaxDigits = 19;

    public static string Scrub(string text)
    {
        if (text.Length < MinDigits)
        {
            return text;
        }
        StringBuilder? scrubbed = null;
        var copied = 0;
        var searchFrom = 0;
        while (searchFrom < text.Length)
        {
            var offset = text.AsSpan(searchFrom).IndexOfAnyInRange('0', '9');
            if (offset < 0)
            {
                break;
            }
            var start = searchFrom + offset;
            var (end, digits) = DigitRun(text, start);
            var standsAlone = (start == 0 || !char.IsLetterOrDigit(text[start - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end]));
            if (standsAlone && digits is >= MinDigits and <= MaxDigits && text[start] is >= '2' and <= '6' && PassesLuhn(text, start, end))
            {
                scrubbed ??= new StringBuilder(text.Length);
                scrubbed.Append(text, copied, start - copied).Append(SecretScrubber.Filtered);
                copied = end;
            }
            searchFrom = end;
        }
        return scrubbed is null ? text : scrubbed.Append(text, copied, text.Length - copied).ToString();
    }

    // Where a run of digits, with single spaces or hyphens between them, ends, and how many digits it holds.
    private static (int End, int Digits) DigitRun(string text, int start)
    {
        var digits = 0;
        var end = start;
        var i = start;
        while (i < text.Length)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                digits++;
                end = ++i;
            }
            else if (text[i] is ' ' or '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                i++;
            }
            else
            {
                break;
            }
        }
        return (end, digits);
    }

    private static bool PassesLuhn(string text, int start, int end)
    {
        var sum = 0;
        var doubled = false;
        for (var i = end - 1; i >= start; i--)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                continue;
            }
            var digit = text[i] - '0';
            if (doubled)
            {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
