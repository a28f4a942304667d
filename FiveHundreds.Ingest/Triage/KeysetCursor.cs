using System.Buffers.Text;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace FiveHundreds.Ingest.Triage;

// An opaque paging cursor: the (time, id) of the last row of a page; the next page starts strictly after it,
// so rows are neither skipped nor repeated however many new rows arrive above it.
public readonly record struct KeysetCursor(DateTimeOffset Time, Guid Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{Time.UtcTicks}:{Id:N}"));

    public static bool TryDecode(string? text, out KeysetCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split(':');
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

public static class KeysetPage
{
    // Reads one row more than the page holds, so whether another page follows is known without counting.
    public static async Task<(List<T> Rows, bool HasMore)> TakePageAsync<T>(this IQueryable<T> ordered, int limit, CancellationToken ct)
    {
        var rows = await ordered.Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        if (hasMore)
        {
            rows.RemoveAt(limit);
        }
        return (rows, hasMore);
    }
}
