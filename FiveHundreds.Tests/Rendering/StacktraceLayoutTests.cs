using FiveHundreds.Rendering.Stacktraces;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Rendering;

public sealed class StacktraceLayoutTests
{
    internal static StackFrameDto Frame(string function, bool inApp, int line = 10, string? context = null,
        IReadOnlyList<string>? pre = null, IReadOnlyList<string>? post = null) =>
        new($"{function}.py", null, function, null, line, null, inApp, pre, context, post);

    // Frames as the SDKs send them: oldest call first.
    private static StackLayout Stack(params StackFrameDto[] oldestFirst) => Stack(CallOrder.MostRecentFirst, oldestFirst);

    private static StackLayout Stack(CallOrder order, params StackFrameDto[] oldestFirst) =>
        StacktraceLayout.Of(new ExceptionDataDto([new ExceptionValueDto("E", null, null, new StacktraceDto(oldestFirst))]), order)
            .Exceptions.Single().Stack!;

    private static IEnumerable<string?> Functions(StackLayout stack) => stack.Runs.SelectMany(r => r.Frames).Select(f => f.Function);

    private static ExceptionDataDto Chain(params string[] causeFirst) =>
        new([.. causeFirst.Select(type => new ExceptionValueDto(type, null, null, new StacktraceDto([Frame(type + "_raiser", true)])))]);

    [Fact]
    public void Frames_are_laid_out_most_recent_call_first()
    {
        var stack = Stack(Frame("main", true), Frame("handler", true), Frame("raiser", true));

        Assert.Equal(["raiser", "handler", "main"], Functions(stack));
    }

    [Fact]
    public void Oldest_first_gives_the_frames_in_the_order_they_were_called()
    {
        var stack = Stack(CallOrder.OldestFirst, Frame("main", true), Frame("handler", true), Frame("raiser", true));

        Assert.Equal(["main", "handler", "raiser"], Functions(stack));
    }

    [Fact]
    public void The_exception_the_application_saw_comes_first_and_its_causes_after()
    {
        var layout = StacktraceLayout.Of(Chain("KeyError", "ValueError"));

        Assert.Equal(["ValueError", "KeyError"], layout.Exceptions.Select(e => e.Type));
        Assert.Equal([false, true], layout.Exceptions.Select(e => e.IsCause));
    }

    [Fact]
    public void Oldest_first_puts_the_cause_first_and_still_marks_it_as_the_cause()
    {
        var layout = StacktraceLayout.Of(Chain("KeyError", "ValueError"), CallOrder.OldestFirst);

        Assert.Equal(CallOrder.OldestFirst, layout.Order);
        Assert.Equal([("KeyError", true), ("ValueError", false)], layout.Exceptions.Select(e => (e.Type, e.IsCause)));
    }

    [Fact]
    public void Switching_the_order_twice_gives_back_the_same_layout()
    {
        var exception = Chain("KeyError", "ValueError", "RuntimeError");
        var layout = StacktraceLayout.Of(exception);

        var back = layout.InOrder(CallOrder.OldestFirst).InOrder(CallOrder.MostRecentFirst);

        Assert.Equal(layout.Exceptions.Select(e => (e.Type, e.IsCause, Functions(e.Stack!).Single())),
            back.Exceptions.Select(e => (e.Type, e.IsCause, Functions(e.Stack!).Single())));
    }

    [Fact]
    public void Asking_for_the_order_a_layout_already_has_returns_it_as_it_is()
    {
        var layout = StacktraceLayout.Of(Chain("KeyError"));

        Assert.Same(layout, layout.InOrder(CallOrder.MostRecentFirst));
    }

    [Fact]
    public void Consecutive_library_frames_make_one_folded_run_between_app_frames()
    {
        var stack = Stack(
            Frame("lib1", false), Frame("lib2", false), Frame("view", true), Frame("lib3", false), Frame("lib4", false),
            Frame("lib5", false), Frame("helper", true));

        Assert.Equal(
            [(true, false, "helper"), (false, true, "lib5 lib4 lib3"), (true, false, "view"), (false, true, "lib2 lib1")],
            stack.Runs.Select(r => (r.InApp, r.Folded, string.Join(' ', r.Frames.Select(f => f.Function)))));
    }

    [Fact]
    public void Consecutive_app_frames_make_one_open_run()
    {
        var stack = Stack(Frame("main", true), Frame("view", true));

        var run = Assert.Single(stack.Runs);
        Assert.Equal((true, false, 2), (run.InApp, run.Folded, run.Frames.Count));
    }

    [Fact]
    public void A_trace_without_app_frames_is_one_open_run_so_that_nothing_is_hidden()
    {
        var stack = Stack(Frame("lib1", false), Frame("lib2", false));

        var run = Assert.Single(stack.Runs);
        Assert.Equal((false, false), (run.InApp, run.Folded));
        Assert.Equal(["lib2", "lib1"], run.Frames.Select(f => f.Function));
    }

    [Fact]
    public void The_frame_counts_cover_every_frame_stored()
    {
        var stack = Stack(Frame("lib1", false), Frame("lib2", false), Frame("view", true));

        Assert.Equal((3, 1, 2), (stack.TotalFrames, stack.AppFrames, stack.LibraryFrames));
    }

    [Fact]
    public void Frames_the_intake_dropped_are_reported()
    {
        var layout = StacktraceLayout.Of(new ExceptionDataDto(
            [new ExceptionValueDto("E", null, null, new StacktraceDto([Frame("view", true)], FramesOmitted: 750))]));

        Assert.Equal(750, layout.Exceptions.Single().Stack!.FramesOmitted);
    }

    [Fact]
    public void The_same_call_site_recurring_in_a_row_becomes_one_frame_with_its_repeat_count()
    {
        var walk = Frame("walk", true, line: 12);

        var stack = Stack([Frame("main", true), .. Enumerable.Repeat(walk, 200)]);

        var run = Assert.Single(stack.Runs);
        Assert.Equal([("walk", 200), ("main", 1)], run.Frames.Select(f => (f.Function!, f.Repeats)));
        Assert.Equal(201, run.FrameCount);
        Assert.Equal(201, stack.TotalFrames);
    }

    [Fact]
    public void The_same_function_at_another_line_is_another_frame()
    {
        var stack = Stack(Frame("walk", true, line: 12), Frame("walk", true, line: 14));

        Assert.All(stack.Runs.Single().Frames, f => Assert.Equal(1, f.Repeats));
        Assert.Equal(2, stack.Runs.Single().Frames.Count);
    }

    [Fact]
    public void Recursion_in_library_code_is_counted_in_its_folded_run()
    {
        var stack = Stack([.. Enumerable.Repeat(Frame("dispatch", false), 30), Frame("view", true)]);

        var folded = Assert.Single(stack.Runs, r => r.Folded);
        Assert.Equal((1, 30), (folded.Frames.Count, folded.FrameCount));
    }

    [Fact]
    public void Context_lines_are_numbered_around_the_frame_line()
    {
        var stack = Stack(Frame("checkout", true, line: 42, context: "    total = 1 / 0",
            pre: ["def checkout(request):", "    items = []"], post: ["    return total"]));

        var context = stack.Runs.Single().Frames.Single().Context;
        Assert.Equal(
            [(40, "def checkout(request):", false), (41, "    items = []", false), (42, "    total = 1 / 0", true), (43, "    return total", false)],
            context.Select(l => (l.Number!.Value, l.Text, l.IsCurrent)));
    }

    [Fact]
    public void Context_lines_read_top_to_bottom_in_either_order()
    {
        var stack = Stack(CallOrder.OldestFirst, Frame("checkout", true, line: 42, context: "b", pre: ["a"], post: ["c"]));

        Assert.Equal(["a", "b", "c"], stack.Runs.Single().Frames.Single().Context.Select(l => l.Text));
    }

    [Fact]
    public void Context_of_a_frame_without_a_line_number_is_unnumbered()
    {
        var frame = new StackFrameDto("app.js", null, "render", null, null, null, true, ["a"], "b", null);

        var context = Stack(frame).Runs.Single().Frames.Single().Context;

        Assert.Equal([(null, false), (null, true)], context.Select(l => (l.Number, l.IsCurrent)));
    }

    [Fact]
    public void A_frame_without_a_context_line_has_no_context()
    {
        Assert.Empty(Stack(Frame("f", true, pre: ["x"])).Runs.Single().Frames.Single().Context);
    }

    [Theory]
    [InlineData("shop/views.py", "/srv/shop/views.py", "shop.views", 42, "shop/views.py:42")]
    [InlineData(null, "/srv/shop/views.py", "shop.views", 42, "/srv/shop/views.py:42")]
    [InlineData(null, null, "shop.views", 42, "shop.views:42")]
    [InlineData(null, null, null, null, "<unknown>")]
    [InlineData("app.js", null, null, null, "app.js")]
    public void A_frame_is_located_by_its_file_else_its_module_with_its_line(
        string? filename, string? absPath, string? module, int? line, string expected)
    {
        var frame = new StackFrameDto(filename, absPath, "f", module, line, null, true, null, null, null);

        Assert.Equal(expected, Stack(frame).Runs.Single().Frames.Single().Location);
    }

    [Theory]
    [InlineData("django.core.handlers.base", null, "django")]
    [InlineData(null, "/app/node_modules/express/lib/router/index.js", "express")]
    [InlineData(null, "/usr/lib/python3/dist-packages/requests/api.py", "requests")]
    [InlineData(null, "/venv/lib/python3.11/site-packages/celery/app/task.py", "celery")]
    [InlineData("System.Net.Http.HttpClient", null, "System")]
    [InlineData(null, "lib/kernel.rb", "lib")]
    public void A_library_frame_names_its_top_level_package(string? module, string? path, string expected)
    {
        var frame = new StackFrameDto(path, null, "f", module, 1, null, false, null, null, null);

        Assert.Equal(expected, Stack(frame).Runs.Single().Frames.Single().Package);
    }

    [Fact]
    public void An_app_frame_names_no_package()
    {
        Assert.Null(Stack(Frame("view", true)).Runs.Single().Frames.Single().Package);
    }

    [Fact]
    public void An_event_without_an_exception_has_an_empty_layout()
    {
        Assert.Empty(StacktraceLayout.Of(null).Exceptions);
        Assert.Empty(StacktraceLayout.Of(new ExceptionDataDto([])).Exceptions);
    }

    [Fact]
    public void An_exception_without_a_stacktrace_has_no_stack_and_an_empty_one_has_no_runs()
    {
        var layout = StacktraceLayout.Of(new ExceptionDataDto(
            [new ExceptionValueDto("KeyError", "'id'", null, null), new ExceptionValueDto("E", null, null, new StacktraceDto([]))]));

        Assert.Empty(layout.Exceptions[0].Stack!.Runs);
        Assert.Null(layout.Exceptions[1].Stack);
    }
}
