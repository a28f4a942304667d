using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Rendering.Stacktraces;

// An event's exception chain laid out once for every surface: the dashboard, the MCP text and the ticket
// Markdown only render it, each in its own look. The wire format lists the chain cause first and each stack
// oldest call first; the layout holds one order (most recent call first unless asked otherwise), runs of
// library frames marked as folded, the same call site recurring in a row as one frame with a repeat count, and
// source context numbered from the frame's line.
public sealed record StacktraceLayout(CallOrder Order, IReadOnlyList<ExceptionLayout> Exceptions)
{
    public static StacktraceLayout Of(ExceptionDataDto? exception, CallOrder order = CallOrder.MostRecentFirst)
    {
        var raisedLastFirst = (exception?.Values ?? []).Reverse()
            .Select((value, index) => new ExceptionLayout(
                value.Type, value.Value, value.Module, IsCause: index > 0,
                value.Stacktrace is null ? null : StackLayout.Of(value.Stacktrace)))
            .ToList();
        return new StacktraceLayout(CallOrder.MostRecentFirst, raisedLastFirst).InOrder(order);
    }

    public StacktraceLayout InOrder(CallOrder order) =>
        order == Order ? this : new StacktraceLayout(order, [.. Exceptions.Reverse().Select(e => e with { Stack = e.Stack?.Reversed() })]);
}

// One exception of the chain; IsCause is false only for the exception the application saw (the one raised last).
public sealed record ExceptionLayout(string Type, string? Value, string? Module, bool IsCause, StackLayout? Stack);

// The counts are of the frames stored, repeats included; FramesOmitted counts those the intake dropped before.
public sealed record StackLayout(int TotalFrames, int AppFrames, int LibraryFrames, int? FramesOmitted, IReadOnlyList<FrameRun> Runs)
{
    internal static StackLayout Of(StacktraceDto stacktrace)
    {
        var newestFirst = stacktrace.Frames.Reverse().ToList();
        var appFrames = newestFirst.Count(f => f.InApp);
        // With no app frame at all, folding would hide the whole trace: then every frame is worth reading.
        var foldLibraryRuns = appFrames > 0;
        var runs = new List<FrameRun>();
        var start = 0;
        while (start < newestFirst.Count)
        {
            var end = start;
            while (end < newestFirst.Count && newestFirst[end].InApp == newestFirst[start].InApp)
            {
                end++;
            }
            var inApp = newestFirst[start].InApp;
            runs.Add(new FrameRun(inApp, Folded: !inApp && foldLibraryRuns, CollapseRepeats(newestFirst, start, end)));
            start = end;
        }
        return new StackLayout(newestFirst.Count, appFrames, newestFirst.Count - appFrames, stacktrace.FramesOmitted, runs);
    }

    internal StackLayout Reversed() =>
        this with { Runs = [.. Runs.Reverse().Select(r => r with { Frames = [.. r.Frames.Reverse()] })] };

    private static List<LaidOutFrame> CollapseRepeats(List<StackFrameDto> frames, int start, int end)
    {
        var collapsed = new List<LaidOutFrame>();
        for (var i = start; i < end; i++)
        {
            if (i > start && SameCallSite(frames[i - 1], frames[i]))
            {
                collapsed[^1] = collapsed[^1] with { Repeats = collapsed[^1].Repeats + 1 };
            }
            else
            {
                collapsed.Add(LaidOutFrame.Of(frames[i]));
            }
        }
        return collapsed;
    }

    private static bool SameCallSite(StackFrameDto a, StackFrameDto b) =>
        a.Filename == b.Filename && a.AbsPath == b.AbsPath && a.Module == b.Module && a.Function == b.Function
        && a.Lineno == b.Lineno && a.Colno == b.Colno;
}

// Consecutive frames of one kind. A folded run is shown collapsed: library code the reader usually skips.
public sealed record FrameRun(bool InApp, bool Folded, IReadOnlyList<LaidOutFrame> Frames)
{
    public int FrameCount => Frames.Sum(f => f.Repeats);
}

// File is the path the SDK sent (relative when it could make it so). Package names the library of a library
// frame; Repeats > 1 when the same call site recurs in a row (deep recursion).
public sealed record LaidOutFrame(
    string? File, string? Function, string? Module, int? Lineno, int? Colno, bool InApp, string? Package, int Repeats,
    IReadOnlyList<ContextLine> Context)
{
    public string Location => (File ?? Module ?? "<unknown>") + (Lineno is { } line ? $":{line}" : "");

    internal static LaidOutFrame Of(StackFrameDto frame) => new(
        frame.Filename ?? frame.AbsPath, frame.Function, frame.Module, frame.Lineno, frame.Colno, frame.InApp,
        frame.InApp ? null : PackageOf(frame), Repeats: 1, ContextOf(frame));

    // The source lines around a frame, numbered from the frame's line number when the SDK sent one.
    private static IReadOnlyList<ContextLine> ContextOf(StackFrameDto frame)
    {
        if (frame.ContextLine is null)
        {
            return [];
        }
        var pre = frame.PreContext ?? [];
        var post = frame.PostContext ?? [];
        int? Number(int offset) => frame.Lineno is { } line ? line + offset : null;

        var lines = new List<ContextLine>(pre.Count + 1 + post.Count);
        lines.AddRange(pre.Select((text, i) => new ContextLine(Number(i - pre.Count), text, IsCurrent: false)));
        lines.Add(new ContextLine(frame.Lineno, frame.ContextLine, IsCurrent: true));
        lines.AddRange(post.Select((text, i) => new ContextLine(Number(i + 1), text, IsCurrent: false)));
        return lines;
    }

    // The top-level package a library frame belongs to ("django" for django.core.handlers.base,
    // "System" for System.Net.Http): enough for a reader to know which library folded frames were in.
    internal static string? PackageOf(StackFrameDto frame)
    {
        if (!string.IsNullOrWhiteSpace(frame.Module))
        {
            return frame.Module.Split('.', '/', ':')[0];
        }
        var path = frame.Filename ?? frame.AbsPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        var segments = path.Split('/', '\\').Where(s => s.Length > 0).ToList();
        var nodeModules = segments.LastIndexOf("node_modules");
        if (nodeModules >= 0 && nodeModules + 1 < segments.Count)
        {
            return segments[nodeModules + 1];
        }
        var sitePackages = segments.FindLastIndex(s => s is "site-packages" or "dist-packages");
        if (sitePackages >= 0 && sitePackages + 1 < segments.Count)
        {
            return segments[sitePackages + 1];
        }
        return segments[0];
    }
}

public sealed record ContextLine(int? Number, string Text, bool IsCurrent);
