namespace FiveHundreds.Web.Presentation;

// The words the Projects page shows for the ingest's drop reasons; the others read as they are sent
// ("too_large": "too large").
public static class DropReasonNames
{
    public static string Of(string reason) => reason switch
    {
        "rate_limited" => "rate limit",
        "database_unavailable" => "database down",
        _ => reason.Replace('_', ' '),
    };

    // "quota 12 · rate limit 3", the largest first; empty when nothing was dropped.
    public static string Summary(IReadOnlyDictionary<string, long> drops) =>
        string.Join(" · ", drops.Where(d => d.Value > 0).OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => $"{Of(d.Key)} {d.Value:N0}"));
}
