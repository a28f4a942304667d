using System.Text;

namespace FiveHundreds.Ingest.Triage;

// An opaque paging cursor: the (time, id) of the last row of a page; the next page starts strictly after it,
// so rows are neither skipped nor repeated however many new rows arrive above it.
public readonly record struct KeysetCursor(DateTimeOffset Time, Guid Id)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Time.UtcTicks}:{Id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, out KeysetCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(base64)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], out var ticks) && ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new KeysetCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}
