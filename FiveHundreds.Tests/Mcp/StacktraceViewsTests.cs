using FiveHundreds.Mcp.Formatting;
using FiveHundreds.Rendering.Stacktraces;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Mcp;

public class StacktraceViewsTests
{
    private static readonly StackFrameDto Checkout = Frames.App("shop/views.py", "checkout", 42, "    total = 1 / 0",
        ["def checkout(request):", "    cart = load_cart(request)"], ["    return total"]);

    private static FoldedStacktrace Fold(StacktraceDto stacktrace) => StacktraceViews.ToView(
        StacktraceLayout.Of(new ExceptionDataDto([new ExceptionValueDto("E", null, null, stacktrace)])).Exceptions.Single().Stack!);

    [Fact]
    public void A_500_frame_stack_keeps_every_app_frame_and_folds_the_library_frames_into_a_few_entries()
    {
        var stack = Frames.FrameworkStack(500,
            Frames.App("shop/urls.py", "dispatch", 10), Checkout, Frames.App("shop/pricing.py", "total", 7));

        var folded = Fold(stack);

        Assert.Equal(500, folded.TotalFrames);
        Assert.Equal(3, folded.AppFrames);
        Assert.Equal(["total", "checkout", "dispatch"], folded.Frames.Where(f => f.Kind == FrameViewKind.App).Select(f => f.Function));
        Assert.True(folded.Frames.Count <= 15, $"{folded.Frames.Count} entries");
        var libraryShown = folded.Frames.Count(f => f.Kind == FrameViewKind.Library);
        Assert.Equal(497, libraryShown + folded.Frames.Where(f => f.Kind == FrameViewKind.Folded).Sum(f => f.FoldedCount));
    }

    [Fact]
    public void An_app_frame_keeps_its_source_lines_numbered_around_the_line_that_ran()
    {
        var folded = Fold(new StacktraceDto([Checkout]));

        var context = Assert.Single(folded.Frames).Context!;
        Assert.Equal(
            [(40, "def checkout(request):", false), (41, "    cart = load_cart(request)", false), (42, "    total = 1 / 0", true), (43, "    return total", false)],
            context.Select(l => (l.Number!.Value, l.Text, l.Current)));
    }

    [Fact]
    public void A_short_run_of_library_frames_is_shown_frame_by_frame_without_source()
    {
        var stack = new StacktraceDto([Checkout, Frames.Library("decimal", "__truediv__", 5), Frames.Library("decimal", "_raise", 9)]);

        var folded = Fold(stack);

        Assert.Equal([FrameViewKind.Library, FrameViewKind.Library, FrameViewKind.App], folded.Frames.Select(f => f.Kind));
        Assert.Equal(["_raise", "__truediv__", "checkout"], folded.Frames.Select(f => f.Function));
        Assert.All(folded.Frames.Take(2), f => Assert.Null(f.Context));
    }

    [Fact]
    public void A_long_run_of_library_frames_keeps_its_first_and_last_frame_and_names_the_packages_folded_between()
    {
        var stack = new StacktraceDto([
            Frames.Library("gunicorn.workers.sync", "handle", 1),
            Frames.Library("django.core.handlers.base", "get_response", 2),
            Frames.Library("asgiref.sync", "call", 3),
            Frames.Library("django.views.generic", "dispatch", 4),
            Checkout,
        ]);

        var folded = Fold(stack);

        Assert.Equal([FrameViewKind.App, FrameViewKind.Library, FrameViewKind.Folded, FrameViewKind.Library], folded.Frames.Select(f => f.Kind));
        Assert.Equal("dispatch", folded.Frames[1].Function);
        Assert.Equal(2, folded.Frames[2].FoldedCount);
        Assert.Equal(["asgiref", "django"], folded.Frames[2].FoldedPackages);
        Assert.Equal("handle", folded.Frames[3].Function);
    }

    [Fact]
    public void A_trace_without_app_frames_is_shown_frame_by_frame()
    {
        var stack = new StacktraceDto([.. Enumerable.Range(0, 6).Select(i => Frames.Library("asyncio.events", "run_" + i, i + 1))]);

        var folded = Fold(stack);

        Assert.Equal(6, folded.Frames.Count);
        Assert.All(folded.Frames, f => Assert.Equal(FrameViewKind.Library, f.Kind));
    }

    [Fact]
    public void Deep_recursion_of_one_frame_becomes_one_entry_with_its_repeat_count()
    {
        var recursion = Enumerable.Repeat(Frames.App("shop/tree.py", "walk", 12, "    return walk(node.parent)"), 200);

        var folded = Fold(new StacktraceDto([.. recursion, Checkout]));

        Assert.Equal([1, 200], folded.Frames.Select(f => f.Repeats));
    }

    [Fact]
    public void Frames_the_intake_already_dropped_are_reported()
    {
        var folded = Fold(new StacktraceDto([Checkout], FramesOmitted: 750));

        Assert.Equal(750, folded.FramesDroppedAtIntake);
    }

    [Fact]
    public void An_overlong_source_line_is_cut()
    {
        var minified = Frames.App("static/app.js", "render", 1, new string('x', 10_000));

        var line = Assert.Single(Fold(new StacktraceDto([minified])).Frames[0].Context!);

        Assert.Equal(StacktraceViews.MaxSourceLineLength + 1, line.Text.Length);
    }
}
