using FiveHundreds.Rendering.Stacktraces;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Alerts;

// Everything a channel shows about one alert, worked out once for every destination of the delivery.
public sealed record AlertNotification(
    Guid DeliveryId,
    bool IsTest,
    AlertTrigger Trigger,
    string RuleName,
    string? FrequencyDescription,
    Guid ProjectId,
    string ProjectName,
    Guid? IssueId,
    string Title,
    string? Culprit,
    EventLevel Level,
    string? Environment,
    string? Release,
    long EventCount,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    IReadOnlyList<string> TopAppFrames,
    string? IssueUrl,
    long HeldBackEvents)
{
    public string Headline => (IsTest ? "[Test] " : "") + Trigger switch
    {
        AlertTrigger.NewIssue => $"New issue in {ProjectName}: {Title}",
        AlertTrigger.Regression => $"Regression in {ProjectName}: {Title}",
        AlertTrigger.StorageFull => "FiveHundreds refuses new events: the database's storage is nearly full",
        AlertTrigger.ReturnedFromIgnore => $"Returned from ignore in {ProjectName}: {Title}",
        _ => $"Frequent issue in {ProjectName}: {Title}",
    };

    public string TriggerDescription => Trigger switch
    {
        AlertTrigger.NewIssue => "A new issue was seen for the first time.",
        AlertTrigger.Regression => "A resolved issue received a new event.",
        AlertTrigger.StorageFull => "The storage guard makes the intake refuse every project's events (503) until the database has room again.",
        AlertTrigger.ReturnedFromIgnore => "An ignored issue's condition passed: it is unresolved again.",
        _ => $"The issue received {FrequencyDescription}.",
    };

    // "and 37 more events" since the last notification, which the quiet period held back.
    public string? HeldBackSummary => HeldBackEvents switch
    {
        0 => null,
        1 => "and 1 more event since the last notification",
        _ => $"and {HeldBackEvents} more events since the last notification",
    };

    // The facts every channel lists, in this order, only those known.
    public IReadOnlyList<(string Name, string Value)> Facts =>
    [
        .. new (string Name, string? Value)[]
        {
            ("Level", LevelWord),
            ("Project", ProjectName),
            ("Environment", Environment),
            ("Release", Release),
            ("Events", IssueId is null ? null : EventCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("First seen", FirstSeen?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture)),
            ("Last seen", LastSeen?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture)),
        }.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => (f.Name, f.Value!)),
    ];

    public string LevelWord => Level.ToString().ToLowerInvariant();

    public string TriggerWord => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(Trigger.ToString());

    // The app's own frames of the exception raised last, most recent call first, as every surface lays them out.
    public static IReadOnlyList<string> TopFramesOf(EventDto? latest, int count = 5) =>
    [
        .. (StacktraceLayout.Of(latest?.Exception).Exceptions.FirstOrDefault()?.Stack?.Runs ?? [])
            .Where(run => run.InApp)
            .SelectMany(run => run.Frames)
            .Take(count)
            .Select(frame => $"{frame.Location} in {frame.Function ?? "?"}"),
    ];
}
