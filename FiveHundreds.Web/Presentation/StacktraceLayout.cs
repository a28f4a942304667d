using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Web.Presentation;

public abstract record FrameBlock;

// An app frame, shown open with its context lines.
public sealed record AppFrameBlock(StackFrameDto Frame) : FrameBlock;

// A run of consecutive library frames, folded behind "N library frames".
public sealed record LibraryFramesBlock(IReadOnlyList<StackFrameDto> Frames) : FrameBlock;

public sealed record ExceptionView(ExceptionValueDto Exception, IReadOnlyList<FrameBlock> Blocks, bool IsCause);

public sealed record ContextLine(int? Number, string Text, bool IsCurrent);

// Lays an event's exception chain out the way a developer reads it. The wire format lists the chain cause
// first and frames oldest call first; the page shows the exception that was raised on top, each stack with
// the frame that raised first, app frames open and runs of library frames folded.
public static class StacktraceLayout
{
    public static IReadOnlyList<ExceptionView> Lay(ExceptionDataDto? exception)
    {
        if (exception is null)
        {
            return [];
        }
        var raisedFirst = exception.Values.Reverse().ToList();
        return raisedFirst
            .Select((value, index) => new ExceptionView(value, Fold(value.Stacktrace?.Frames ?? []), IsCause: index > 0))
            .ToList();
    }

    public static IReadOnlyList<FrameBlock> Fold(IReadOnlyList<StackFrameDto> oldestFirst)
    {
        var newestFirst = oldestFirst.Reverse().ToList();
        // With no app frame at all, folding would hide the whole trace: then every frame is worth reading.
        if (!newestFirst.Any(f => f.InApp))
        {
            return newestFirst.Select(f => (FrameBlock)new AppFrameBlock(f)).ToList();
        }

        var blocks = new List<FrameBlock>();
        var libraryRun = new List<StackFrameDto>();
        foreach (var frame in newestFirst)
        {
            if (!frame.InApp)
            {
                libraryRun.Add(frame);
                continue;
            }
            FlushLibraryRun();
            blocks.Add(new AppFrameBlock(frame));
        }
        FlushLibraryRun();
        return blocks;

        void FlushLibraryRun()
        {
            if (libraryRun.Count > 0)
            {
                blocks.Add(new LibraryFramesBlock(libraryRun.ToList()));
                libraryRun.Clear();
            }
        }
    }

    // The source lines around a frame, numbered from the frame's line number when the SDK sent one.
    public static IReadOnlyList<ContextLine> ContextOf(StackFrameDto frame)
    {
        if (frame.ContextLine is null)
        {
            return [];
        }
        var pre = frame.PreContext ?? [];
        var post = frame.PostContext ?? [];
        int? Number(int offset) => frame.Lineno is { } line ? line + offset : null;

        var lines = new List<ContextLine>(pre.Count + 1 + post.Count);
        lines.AddRange(pre.Select((text, i) => new ContextLine(Number(i - pre.Count), text, false)));
        lines.Add(new ContextLine(frame.Lineno, frame.ContextLine, true));
        lines.AddRange(post.Select((text, i) => new ContextLine(Number(i + 1), text, false)));
        return lines;
    }

    public static string Location(StackFrameDto frame)
    {
        var file = frame.Filename ?? frame.Module ?? frame.AbsPath ?? "<unknown>";
        var line = frame.Lineno is { } n ? $":{n}" : "";
        return $"{file}{line}";
    }
}
