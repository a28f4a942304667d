using System.Text;
using FiveHundreds.Rendering.Markdown;
using FiveHundreds.Rendering.Stacktraces;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Triage;

// The Markdown a Scrum ticket starts with: everything a developer picking it up needs, taken from the issue
// and its latest event (already scrubbed at intake). Event text is put in code spans and blocks, so that it
// shows as written and cannot inject Markdown or HTML.
public static class TicketDescriptionBuilder
{
    private const int MaxEnvironmentEntries = 40;

    public static string Build(IssueSummaryDto issue, EventDto? latest, string? issueUrl)
    {
        var md = new StringBuilder();
        md.AppendLine($"## {Plain(issue.Title)}").AppendLine();
        if (issue.Culprit is not null)
        {
            md.AppendLine($"**Culprit:** {Code(issue.Culprit)}  ");
        }
        md.AppendLine($"**Level:** {WireWords.Of(issue.Level)} · **Events:** {issue.EventCount}  ");
        md.AppendLine($"**First seen:** {issue.FirstSeen:u} · **Last seen:** {issue.LastSeen:u}  ");
        if (issueUrl is not null)
        {
            md.AppendLine($"**Issue:** [{issueUrl}]({issueUrl})");
        }
        md.AppendLine();

        if (latest?.Exception is { Values.Count: > 0 } exception)
        {
            AppendStacktrace(md, exception);
        }
        else if (latest?.Message is { } message)
        {
            md.AppendLine("### Description").AppendLine().AppendLine(Fence(message)).AppendLine();
        }

        if (latest?.Request is { } request && (request.Method is not null || request.Url is not null))
        {
            md.AppendLine("### Request").AppendLine().AppendLine(Code($"{request.Method} {request.Url}".Trim())).AppendLine();
        }

        if (latest?.Environment is { Count: > 0 } environment)
        {
            md.AppendLine("### Environment").AppendLine();
            md.AppendLine("| Name | Value |").AppendLine("| --- | --- |");
            foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal).Take(MaxEnvironmentEntries))
            {
                md.AppendLine($"| {Code(name)} | {Code(value)} |");
            }
            if (environment.Count > MaxEnvironmentEntries)
            {
                md.AppendLine($"| … | {environment.Count - MaxEnvironmentEntries} more |");
            }
            md.AppendLine();
        }

        if (latest is not null)
        {
            var context = new[] { ("Release", latest.Release), ("Server", latest.ServerName), ("Platform", latest.Platform) }
                .Where(c => c.Item2 is not null).Select(c => $"{c.Item1}: {Code(c.Item2!)}");
            var line = string.Join(" · ", context);
            if (line.Length > 0)
            {
                md.AppendLine(line);
            }
        }
        return md.ToString().TrimEnd() + "\n";
    }

    // The layout every surface shows: the exception the application saw first, then its causes; frames most recent
    // call first, the frames that are read marked with their line, each folded run of library frames in one line.
    private static void AppendStacktrace(StringBuilder md, ExceptionDataDto exception)
    {
        md.AppendLine("### Stacktrace").AppendLine();
        foreach (var value in StacktraceLayout.Of(exception).Exceptions)
        {
            var heading = $"**{Plain(value.Type)}**: {Code(value.Value ?? "")}";
            md.AppendLine(value.IsCause ? $"Caused by {heading}" : heading);
            var frames = new StringBuilder();
            foreach (var run in value.Stack?.Runs ?? [])
            {
                if (run.Folded)
                {
                    frames.AppendLine($"  … {run.FrameCount} library frame{(run.FrameCount == 1 ? "" : "s")}");
                    continue;
                }
                foreach (var frame in run.Frames)
                {
                    var repeats = frame.Repeats > 1 ? $" (repeated {frame.Repeats} times)" : "";
                    frames.AppendLine($"→ {MarkdownCode.OneLine(frame.Location)} in {MarkdownCode.OneLine(frame.Function ?? "?")}{repeats}");
                    if (frame.Context.FirstOrDefault(l => l.IsCurrent) is { } current)
                    {
                        frames.AppendLine($"      {MarkdownCode.OneLine(current.Text.Trim())}");
                    }
                }
            }
            md.AppendLine().Append(MarkdownCode.Block(frames.ToString())).AppendLine();
        }
    }

    // Inline code that holds any text; a pipe is escaped because the environment is a table.
    private static string Code(string text) => MarkdownCode.Span(text.Replace("|", "\\|"));

    private static string Fence(string text) => MarkdownCode.Block(text).TrimEnd('\n');

    // Text outside code: Markdown and HTML control characters escaped.
    private static string Plain(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in MarkdownCode.OneLine(text))
        {
            if ("\\`*_{}[]()#+-.!<>|~".Contains(c))
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
