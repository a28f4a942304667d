using System.Globalization;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Rendering.Workflow;

// The one wording of an issue's ignore and of resolving in the next release, shown alike by the dashboard and
// the MCP tools. Times are UTC so that both surfaces and every reader agree.
public static class IssueWorkflowText
{
    // "Ignored until 3 more events (1 so far)", "Returned from ignore: 3 more events arrived" ("10 more users were
    // hit"), or null when the issue has no ignore to speak of.
    public static string? Ignore(IssueStatus status, IgnoreDto? ignore) => ignore switch
    {
        null => null,
        { ReturnedAt: { } returned } => $"Returned from ignore: {Passed(ignore)} ({Time(returned)}).",
        _ when status == IssueStatus.Ignored => $"Ignored {Condition(ignore)} (since {Time(ignore.IgnoredAt)}).",
        _ => null,
    };

    // "Resolved in the next release after 2.0.0", or null when the issue is not resolved that way. The release name
    // came from an event: quote marks it as such where the surface needs it (a Markdown code span for MCP).
    public static string? ResolvedInNextRelease(IssueStatus status, string? resolvedAfterRelease, Func<string, string>? quote = null) =>
        status == IssueStatus.Resolved && resolvedAfterRelease is not null
            ? $"Resolved in the next release after {(quote ?? (r => r))(resolvedAfterRelease)}: an event from a newer release reopens it."
            : null;

    private static string Condition(IgnoreDto ignore) => ignore.Condition switch
    {
        { Until: { } until } => $"until {Time(until)}",
        { MoreEvents: { } more } => $"until {MoreEvents(more)} ({ignore.EventsSince.ToString(CultureInfo.InvariantCulture)} so far)",
        { MoreUsers: { } more } => $"until {MoreUsers(more)} ({ignore.UsersSince.ToString(CultureInfo.InvariantCulture)} so far)",
        _ => "forever",
    };

    private static string Passed(IgnoreDto ignore) => ignore.Condition switch
    {
        { Until: { } until } => $"the ignore ended at {Time(until)}",
        { MoreEvents: { } more } => $"{MoreEvents(more)} arrived",
        { MoreUsers: { } more } => $"{MoreUsers(more)} {(more == 1 ? "was" : "were")} hit",
        _ => "it was ignored forever",
    };

    private static string MoreEvents(long count) => More(count, "event", "events");

    private static string MoreUsers(long count) => More(count, "user", "users");

    private static string More(long count, string one, string many) =>
        count == 1 ? $"1 more {one}" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} more {many}";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
