namespace FiveHundreds.Web.Presentation;

// "3 minutes ago": how long ago something happened, rounded down to the largest whole unit.
public static class RelativeTime
{
    public static string Format(DateTimeOffset then, DateTimeOffset now)
    {
        var elapsed = now - then;
        if (elapsed < TimeSpan.FromSeconds(45))
        {
            return elapsed < TimeSpan.FromSeconds(-45) ? "in the future" : "just now";
        }
        return elapsed switch
        {
            { TotalMinutes: < 60 } => Ago((int)elapsed.TotalMinutes, "minute"),
            { TotalHours: < 24 } => Ago((int)elapsed.TotalHours, "hour"),
            { TotalDays: < 30 } => Ago((int)elapsed.TotalDays, "day"),
            { TotalDays: < 365 } => Ago((int)(elapsed.TotalDays / 30), "month"),
            _ => Ago((int)(elapsed.TotalDays / 365), "year"),
        };
    }

    private static string Ago(int count, string unit) =>
        count <= 1 ? $"1 {unit} ago" : $"{count} {unit}s ago";
}
