using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Mcp.Formatting;

// Folds a stacktrace for a model's context window: every app frame in full with its source context, short runs
// of library frames as one line each, long runs as their two ends plus one summary entry, and the same frame
// recurring in a row (deep recursion) as one entry with a repeat count. A 500-frame framework stack shrinks to
// the handful of lines that say where the app code failed.
public static class StacktraceFolder
{
    // A run of this many library frames or fewer is shown frame by frame; a longer one keeps its first and last
    // frame (where the app called in, and where the library called back or raised) and folds the middle.
    public const int LibraryRunShownInFull = 3;

    public const int MaxPackagesNamed = 5;

    public const int MaxSourceLineLength = 240;

    public static FoldedStacktrace Fold(StacktraceDto stacktrace)
    {
        var frames = stacktrace.Frames;
        var entries = new List<FrameView>();
        var index = 0;
        while (index < frames.Count)
        {
            var runEnd = index;
            while (runEnd < frames.Count && frames[runEnd].InApp == frames[index].InApp)
            {
                runEnd++;
            }
            var run = CollapseRepeats(frames, index, runEnd);
            if (frames[index].InApp)
            {
                entries.AddRange(run.Select(r => AppFrame(r.Frame, r.Repeats)));
            }
            else
            {
                AddLibraryRun(entries, run);
            }
            index = runEnd;
        }

        var appFrames = frames.Count(f => f.InApp);
        return new FoldedStacktrace(frames.Count, appFrames, frames.Count - appFrames, stacktrace.FramesOmitted, entries);
    }

    private static void AddLibraryRun(List<FrameView> entries, IReadOnlyList<(StackFrameDto Frame, int Repeats)> run)
    {
        if (run.Count <= LibraryRunShownInFull)
        {
            entries.AddRange(run.Select(r => LibraryFrame(r.Frame, r.Repeats)));
            return;
        }
        var middle = run.Skip(1).Take(run.Count - 2).ToList();
        var packages = middle.Select(r => PackageOf(r.Frame)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        entries.Add(LibraryFrame(run[0].Frame, run[0].Repeats));
        entries.Add(new FrameView(
            FrameViewKind.Folded, null, null, null, null, null, null, 1, middle.Sum(r => r.Repeats),
            packages.Count <= MaxPackagesNamed ? packages : [.. packages.Take(MaxPackagesNamed), $"{packages.Count - MaxPackagesNamed} more"]));
        entries.Add(LibraryFrame(run[^1].Frame, run[^1].Repeats));
    }

    private static List<(StackFrameDto Frame, int Repeats)> CollapseRepeats(IReadOnlyList<StackFrameDto> frames, int start, int end)
    {
        var run = new List<(StackFrameDto Frame, int Repeats)>();
        for (var i = start; i < end; i++)
        {
            if (run.Count > 0 && SameCallSite(run[^1].Frame, frames[i]))
            {
                run[^1] = (run[^1].Frame, run[^1].Repeats + 1);
            }
            else
            {
                run.Add((frames[i], 1));
            }
        }
        return run;
    }

    private static bool SameCallSite(StackFrameDto a, StackFrameDto b) =>
        a.Filename == b.Filename && a.AbsPath == b.AbsPath && a.Module == b.Module && a.Function == b.Function
        && a.Lineno == b.Lineno && a.Colno == b.Colno;

    private static FrameView AppFrame(StackFrameDto frame, int repeats) => new(
        FrameViewKind.App, frame.Filename ?? frame.AbsPath, frame.Function, frame.Module, frame.Lineno, frame.Colno,
        SourceContext(frame), repeats, 0, null);

    private static FrameView LibraryFrame(StackFrameDto frame, int repeats) => new(
        FrameViewKind.Library, frame.Filename ?? frame.AbsPath, frame.Function, frame.Module, frame.Lineno, frame.Colno,
        null, repeats, 0, null);

    private static IReadOnlyList<SourceLineView>? SourceContext(StackFrameDto frame)
    {
        if (frame.ContextLine is null)
        {
            return null;
        }
        var pre = frame.PreContext ?? [];
        var post = frame.PostContext ?? [];
        var lines = new List<SourceLineView>(pre.Count + 1 + post.Count);
        lines.AddRange(pre.Select((text, i) => new SourceLineView(frame.Lineno - pre.Count + i, Cap(text), false)));
        lines.Add(new SourceLineView(frame.Lineno, Cap(frame.ContextLine), true));
        lines.AddRange(post.Select((text, i) => new SourceLineView(frame.Lineno + 1 + i, Cap(text), false)));
        return lines;
    }

    private static string Cap(string line) =>
        line.Length <= MaxSourceLineLength ? line : line[..MaxSourceLineLength] + "…";

    // The top-level package a library frame belongs to ("django" for django.core.handlers.base,
    // "System" for System.Net.Http): enough for a model to know which library the folded frames were in.
    public static string? PackageOf(StackFrameDto frame)
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
