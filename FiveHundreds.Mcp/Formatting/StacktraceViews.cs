using FiveHundreds.Rendering.Markdown;
using FiveHundreds.Rendering.Stacktraces;

namespace FiveHundreds.Mcp.Formatting;

// The stack-trace layout sized for a model's context window: every app frame in full with its source context,
// a short folded run of library frames as one line each, a long one as its two ends plus one entry that names
// the packages folded between. A 500-frame framework stack shrinks to the handful of lines that say where the
// app code failed.
public static class StacktraceViews
{
    // A folded run of this many frames or fewer is shown frame by frame; a longer one keeps its first and last
    // frame (where the library raised or called back, and where the app called in) and folds the middle.
    public const int LibraryRunShownInFull = 3;

    public const int MaxPackagesNamed = 5;

    public const int MaxSourceLineLength = 240;

    public static FoldedStacktrace ToView(StackLayout stack)
    {
        var entries = new List<FrameView>();
        foreach (var run in stack.Runs)
        {
            if (run.Folded && run.Frames.Count > LibraryRunShownInFull)
            {
                AddFoldedRun(entries, run.Frames);
            }
            else
            {
                entries.AddRange(run.Frames.Select(FrameOf));
            }
        }
        return new FoldedStacktrace(stack.TotalFrames, stack.AppFrames, stack.LibraryFrames, stack.FramesOmitted, entries);
    }

    private static void AddFoldedRun(List<FrameView> entries, IReadOnlyList<LaidOutFrame> run)
    {
        var middle = run.Skip(1).Take(run.Count - 2).ToList();
        var packages = middle.Select(f => f.Package).OfType<string>().Select(p => MarkdownCode.OneLine(p))
            .Distinct(StringComparer.Ordinal).ToList();
        entries.Add(FrameOf(run[0]));
        entries.Add(new FrameView(
            FrameViewKind.Folded, null, null, null, null, null, null, 1, middle.Sum(f => f.Repeats),
            packages.Count <= MaxPackagesNamed ? packages : [.. packages.Take(MaxPackagesNamed), $"{packages.Count - MaxPackagesNamed} more"]));
        entries.Add(FrameOf(run[^1]));
    }

    // Library frames carry no source: the app's own lines are what a model needs to propose a fix.
    private static FrameView FrameOf(LaidOutFrame frame) => new(
        frame.InApp ? FrameViewKind.App : FrameViewKind.Library, MarkdownCode.OneLine(frame.File),
        MarkdownCode.OneLine(frame.Function), MarkdownCode.OneLine(frame.Module), frame.Lineno, frame.Colno,
        frame.InApp && frame.Context.Count > 0 ? [.. frame.Context.Select(SourceLineOf)] : null, frame.Repeats, 0, null);

    private static SourceLineView SourceLineOf(ContextLine line)
    {
        var text = MarkdownCode.OneLine(line.Text);
        return new(line.Number, text.Length <= MaxSourceLineLength ? text : text[..MaxSourceLineLength] + "…", line.IsCurrent);
    }
}
