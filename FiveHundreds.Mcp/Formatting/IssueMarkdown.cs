using System.Globalization;
using System.Text;
using FiveHundreds.TriageApi.Client;

namespace FiveHundreds.Mcp.Formatting;

// The readable text of each tool result: Markdown a model can read top to bottom, carrying the ids it needs
// for the next call.
public static class IssueMarkdown
{
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Word<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static string IssueLine(IssueView issue) => $"- {Facts(issue)}";

    // The issue's title in bold, then on an indented line its id, status, level, counts, times, culprit and ticket.
    private static string Facts(IssueView issue)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**{issue.Title}**\n");
        text.Append(CultureInfo.InvariantCulture,
            $"  id `{issue.Id}` · {Word(issue.Status)}{(issue.Regressed ? " (regressed)" : "")} · {Word(issue.Level)} · ");
        text.Append(CultureInfo.InvariantCulture,
            $"{issue.EventCount} event{(issue.EventCount == 1 ? "" : "s")} · first seen {Timestamp(issue.FirstSeen)} · last seen {Timestamp(issue.LastSeen)}");
        if (issue.Culprit is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" · culprit `{issue.Culprit}`");
        }
        if (issue.TicketId is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" · ticket `{issue.TicketId}`");
        }
        return text.ToString();
    }

    public static string IssueList(IssueListView list, IssueStatusFilter status)
    {
        var text = new StringBuilder();
        var scope = status == IssueStatusFilter.All ? "" : Word(status) + " ";
        text.Append(CultureInfo.InvariantCulture,
            $"{list.Items.Count} {scope}issue{(list.Items.Count == 1 ? "" : "s")} on this page, most recently seen first ");
        text.Append(CultureInfo.InvariantCulture,
            $"(in total {list.UnresolvedTotal} unresolved, {list.ResolvedTotal} resolved).\n\n");
        foreach (var issue in list.Items)
        {
            text.Append(IssueLine(issue)).Append('\n');
        }
        text.Append(list.NextCursor is null
            ? "\nThis is the last page."
            : $"\nMore issues: call list_issues again with the same arguments and cursor \"{list.NextCursor}\".");
        return text.ToString();
    }

    public static string IssueDetail(IssueDetailView detail)
    {
        var text = new StringBuilder();
        var issue = detail.Issue;
        text.Append(CultureInfo.InvariantCulture, $"# {issue.Title}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{Facts(issue)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Project `{issue.Project}` · resource {issue.ResourceUri}\n");

        if (detail.LatestEvent is { } e)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## Latest event `{e.Id}` at {Timestamp(e.OccurredAt)}\n");
            text.Append(CultureInfo.InvariantCulture,
                $"Level {Word(e.Level)} · platform {e.Platform ?? "unknown"} · release {e.Release ?? "unknown"} · server {e.ServerName ?? "unknown"}\n");
            if (e.Message is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"Message: {e.Message}\n");
            }
            AppendExceptions(text, e.Exceptions);
            AppendRequest(text, e.Request);
            AppendMap(text, "Environment", e.Environment);
            AppendMap(text, "Tags", e.Tags);
            if (e.EntriesOmitted > 0)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"\n({e.EntriesOmitted} more headers, environment variables or tags left out to save space.)\n");
            }
        }
        else
        {
            text.Append("\nNo event is stored for this issue.\n");
        }

        text.Append("\n## Event history\n");
        if (detail.RecentEvents.Count > 0)
        {
            text.Append("Most recent events: ");
            text.AppendJoin(", ", detail.RecentEvents.Select(r => Timestamp(r.OccurredAt) + (r.Release is null ? "" : $" ({r.Release})")));
            text.Append('\n');
        }
        var busyDays = detail.EventsPerDay.Where(d => d.Count > 0).ToList();
        text.Append(busyDays.Count == 0
            ? "No events in the last 30 days.\n"
            : "Events per day (days with events, last 30 days): " + string.Join(", ", busyDays.Select(d =>
                $"{d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {d.Count}")) + "\n");
        return text.ToString();
    }

    private static void AppendExceptions(StringBuilder text, IReadOnlyList<ExceptionView> chain)
    {
        foreach (var exception in chain)
        {
            var role = exception.IsCause ? "Caused by" : "Exception";
            text.Append(CultureInfo.InvariantCulture, $"\n### {role}: {exception.Type}{(exception.Value is null ? "" : ": " + exception.Value)}\n");
            if (exception.Stacktrace is { } stack)
            {
                AppendStacktrace(text, stack);
            }
        }
    }

    public static void AppendStacktrace(StringBuilder text, FoldedStacktrace stack)
    {
        text.Append(CultureInfo.InvariantCulture,
            $"Stacktrace, most recent call first, the frame that raised on top ({stack.TotalFrames} frames: {stack.AppFrames} app, {stack.LibraryFrames} library");
        if (stack.FramesDroppedAtIntake is > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {stack.FramesDroppedAtIntake} more dropped at intake");
        }
        text.Append("):\n```\n");
        foreach (var frame in stack.Frames)
        {
            AppendFrame(text, frame);
        }
        text.Append("```\n");
    }

    private static void AppendFrame(StringBuilder text, FrameView frame)
    {
        if (frame.Kind == FrameViewKind.Folded)
        {
            var packages = frame.FoldedPackages is { Count: > 0 } p ? $" ({string.Join(", ", p)})" : "";
            text.Append(CultureInfo.InvariantCulture, $"[lib] … {frame.FoldedCount} library frames folded{packages}\n");
            return;
        }
        var label = frame.Kind == FrameViewKind.App ? "[app]" : "[lib]";
        var location = frame.Filename ?? frame.Module ?? "?";
        var line = frame.Lineno is null ? "" : ":" + frame.Lineno.Value.ToString(CultureInfo.InvariantCulture);
        var repeats = frame.Repeats > 1 ? $"  (repeated {frame.Repeats} times in a row)" : "";
        text.Append(CultureInfo.InvariantCulture, $"{label} {location}{line} in {frame.Function ?? "?"}{repeats}\n");
        foreach (var source in frame.Context ?? [])
        {
            var number = source.Number?.ToString(CultureInfo.InvariantCulture) ?? "";
            text.Append(CultureInfo.InvariantCulture, $"      {(source.Current ? ">" : " ")} {number,5} | {source.Text}\n");
        }
    }

    private static void AppendRequest(StringBuilder text, RequestView? request)
    {
        if (request is null)
        {
            return;
        }
        text.Append(CultureInfo.InvariantCulture, $"\n### Request\n{request.Method ?? "?"} {request.Url ?? "?"}\n");
        if (!string.IsNullOrEmpty(request.QueryString))
        {
            text.Append(CultureInfo.InvariantCulture, $"Query string: {request.QueryString}\n");
        }
        AppendPairs(text, "Headers", request.Headers);
        if (request.Data is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Body: {request.Data}\n");
        }
    }

    private static void AppendMap(StringBuilder text, string title, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n### {title}\n");
            AppendPairs(text, null, map);
        }
    }

    private static void AppendPairs(StringBuilder text, string? title, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }
        if (title is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"{title}:\n");
        }
        foreach (var (key, value) in map)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {key}: {value}\n");
        }
    }

    public static string Ticket(TicketView ticket) =>
        $"Ticket `{ticket.Id}` ({Word(ticket.Status)}, created {Timestamp(ticket.CreatedAt)}) for issue `{ticket.IssueId}`.\n" +
        "Each issue has at most one ticket: asking again returns this same ticket.\n\n" +
        $"# {ticket.Title}\n\n{ticket.Description}";
}
