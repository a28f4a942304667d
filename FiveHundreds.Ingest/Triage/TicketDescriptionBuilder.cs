using System.Text;
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

    // The exception raised last first, then its causes; frames most recent call first, app frames marked
    // with their line, each run of library frames summarised in one line.
    private static void AppendStacktrace(StringBuilder md, ExceptionDataDto exception)
    {
        md.AppendLine("### Stacktrace").AppendLine();
        var first = true;
        foreach (var value in exception.Values.Reverse())
        {
            md.AppendLine(first ? $"**{Plain(value.Type)}**: {Code(value.Value ?? "")}" : $"Caused by **{Plain(value.Type)}**: {Code(value.Value ?? "")}");
            first = false;
            var frames = value.Stacktrace?.Frames ?? [];
            md.AppendLine().AppendLine("```text");
            var libraryRun = 0;
            foreach (var frame in frames.Reverse())
            {
                if (!frame.InApp)
                {
                    libraryRun++;
                    continue;
                }
                FlushLibraryRun(md, ref libraryRun);
                md.AppendLine($"→ {FencedText(frame.Filename ?? frame.Module ?? "?")}:{frame.Lineno} in {FencedText(frame.Function ?? "?")}");
                if (frame.ContextLine is { } contextLine)
                {
                    md.AppendLine($"      {FencedText(contextLine.Trim())}");
                }
            }
            FlushLibraryRun(md, ref libraryRun);
            md.AppendLine("```").AppendLine();
        }
    }

    private static void FlushLibraryRun(StringBuilder md, ref int libraryRun)
    {
        if (libraryRun > 0)
        {
            md.AppendLine($"  … {libraryRun} library frame{(libraryRun == 1 ? "" : "s")}");
            libraryRun = 0;
        }
    }

    // Inline code that holds any text: a fence longer than any run of backticks inside it.
    private static string Code(string text)
    {
        text = text.Replace("\r", " ").Replace("\n", " ").Replace("|", "\\|");
        var longestRun = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }
        var fence = new string('`', longestRun + 1);
        return text.Length == 0 ? "` `" : $"{fence} {text} {fence}";
    }

    private static string Fence(string text) => $"```text\n{FencedText(text)}\n```";

    private static string FencedText(string text) => text.Replace("```", "ˋˋˋ");

    // Text outside code: Markdown and HTML control characters escaped.
    private static string Plain(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text.Replace('\n', ' '))
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
