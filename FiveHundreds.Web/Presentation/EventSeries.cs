using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Web.Presentation;

public sealed record ChartBar(DateOnly Day, long Count, double HeightPercent);

// Turns event counts into bar heights for the small charts.
public static class EventSeries
{
    // Heights in percent of the tallest bar; a bar with any events is at least visible.
    public static IReadOnlyList<double> Heights(IReadOnlyList<long> counts)
    {
        var max = counts.Count == 0 ? 0 : counts.Max();
        return counts.Select(c => max == 0 || c == 0 ? 0 : Math.Max(8, 100.0 * c / max)).ToList();
    }

    // One bar per day for the `days` days ending today (UTC); days the API did not list had no events.
    public static IReadOnlyList<ChartBar> Daily(IReadOnlyList<TimeBucketDto> buckets, DateOnly today, int days = 30)
    {
        var byDay = buckets
            .GroupBy(b => DateOnly.FromDateTime(b.Start.UtcDateTime))
            .ToDictionary(g => g.Key, g => g.Sum(b => b.Count));
        var range = Enumerable.Range(0, days).Select(i => today.AddDays(i - days + 1)).ToList();
        var counts = range.Select(d => byDay.GetValueOrDefault(d)).ToList();
        var heights = Heights(counts);
        return range.Select((day, i) => new ChartBar(day, counts[i], heights[i])).ToList();
    }
}
