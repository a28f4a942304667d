using FiveHundreds.TriageApi.Contracts;
using FiveHundreds.Web.Presentation;

namespace FiveHundreds.Tests.Web;

public sealed class StacktraceLayoutTests
{
    internal static StackFrameDto Frame(string function, bool inApp, int line = 10, string? context = null,
        IReadOnlyList<string>? pre = null, IReadOnlyList<string>? post = null) =>
        new($"{function}.py", null, function, null, line, null, inApp, pre, context, post);

    [Fact]
    public void Frames_are_shown_newest_call_first()
    {
        var blocks = StacktraceLayout.Fold([Frame("main", true), Frame("handler", true), Frame("raiser", true)]);

        Assert.Equal(["raiser", "handler", "main"], blocks.Cast<AppFrameBlock>().Select(b => b.Frame.Function));
    }

    [Fact]
    public void Consecutive_library_frames_fold_into_one_block_between_app_frames()
    {
        var blocks = StacktraceLayout.Fold(
        [
            Frame("lib1", false), Frame("lib2", false), Frame("view", true), Frame("lib3", false), Frame("lib4", false),
            Frame("lib5", false), Frame("helper", true),
        ]);

        Assert.Collection(blocks,
            b => Assert.Equal("helper", Assert.IsType<AppFrameBlock>(b).Frame.Function),
            b => Assert.Equal(["lib5", "lib4", "lib3"], Assert.IsType<LibraryFramesBlock>(b).Frames.Select(f => f.Function)),
            b => Assert.Equal("view", Assert.IsType<AppFrameBlock>(b).Frame.Function),
            b => Assert.Equal(2, Assert.IsType<LibraryFramesBlock>(b).Frames.Count));
    }

    [Fact]
    public void A_trace_without_app_frames_is_shown_open()
    {
        var blocks = StacktraceLayout.Fold([Frame("lib1", false), Frame("lib2", false)]);

        Assert.All(blocks, b => Assert.IsType<AppFrameBlock>(b));
        Assert.Equal(2, blocks.Count);
    }

    [Fact]
    public void The_exception_raised_last_comes_first_and_its_causes_after()
    {
        var chain = new ExceptionDataDto(
        [
            new ExceptionValueDto("KeyError", "'id'", null, null),
            new ExceptionValueDto("ValueError", "bad order", null, null),
        ]);

        var views = StacktraceLayout.Lay(chain);

        Assert.Equal(["ValueError", "KeyError"], views.Select(v => v.Exception.Type));
        Assert.Equal([false, true], views.Select(v => v.IsCause));
    }

    [Fact]
    public void Context_lines_are_numbered_around_the_frame_line()
    {
        var frame = Frame("checkout", true, line: 42, context: "    total = 1 / 0",
            pre: ["def checkout(request):", "    items = []"], post: ["    return total"]);

        var lines = StacktraceLayout.ContextOf(frame);

        Assert.Equal([40, 41, 42, 43], lines.Select(l => l.Number));
        Assert.Equal("    total = 1 / 0", Assert.Single(lines, l => l.IsCurrent).Text);
    }

    [Fact]
    public void A_frame_without_a_context_line_has_no_context()
    {
        Assert.Empty(StacktraceLayout.ContextOf(Frame("f", true, pre: ["x"])));
    }
}
