using FiveHundreds.Mcp.Formatting;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Mcp;

public class StacktraceFolderTests
{
    private static readonly StackFrameDto Checkout = Frames.App("shop/views.py", "checkout", 42, "    total = 1 / 0",
        ["def checkout(request):", "    cart = load_cart(request)"], ["    return total"]);

    [Fact]
    public void A_500_frame_stack_keeps_every_app_frame_and_folds_the_library_frames_into_a_few_entries()
    {
        var stack = Frames.FrameworkStack(500,
            Frames.App("shop/urls.py", "dispatch", 10), Checkout, Frames.App("shop/pricing.py", "total", 7));

        var folded = StacktraceFolder.Fold(stack);

        Assert.Equal(500, folded.TotalFrames);
        Assert.Equal(3, folded.AppFrames);
        Assert.Equal(["dispatch", "checkout", "total"], folded.Frames.Where(f => f.Kind == FrameViewKind.App).Select(f => f.Function));
        Assert.True(folded.Frames.Count <= 15, $"{folded.Frames.Count} entries");
        var libraryShown = folded.Frames.Count(f => f.Kind == FrameViewKind.Library);
        Assert.Equal(497, libraryShown + folded.Frames.Where(f => f.Kind == FrameViewKind.Folded).Sum(f => f.FoldedCount));
    }

    [Fact]
    public void An_app_frame_keeps_its_source_lines_numbered_around_the_line_that_ran()
    {
        var folded = StacktraceFolder.Fold(new StacktraceDto([Checkout]));

        var context = Assert.Single(folded.Frames).Context!;
        Assert.Equal(
            [(40, "def checkout(request):", false), (41, "    cart = load_cart(request)", false), (42, "    total = 1 / 0", true), (43, "    return total", false)],
            context.Select(l => (l.Number!.Value, l.Text, l.Current)));
    }

    [Fact]
    public void A_short_run_of_library_frames_is_shown_frame_by_frame_without_source()
    {
        var stack = new StacktraceDto([Checkout, Frames.Library("decimal", "__truediv__", 5), Frames.Library("decimal", "_raise", 9)]);

        var folded = StacktraceFolder.Fold(stack);

        Assert.Equal([FrameViewKind.App, FrameViewKind.Library, FrameViewKind.Library], folded.Frames.Select(f => f.Kind));
        Assert.All(folded.Frames.Skip(1), f => Assert.Null(f.Context));
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

        var folded = StacktraceFolder.Fold(stack);

        Assert.Equal([FrameViewKind.Library, FrameViewKind.Folded, FrameViewKind.Library, FrameViewKind.App], folded.Frames.Select(f => f.Kind));
        Assert.Equal("handle", folded.Frames[0].Function);
        Assert.Equal(2, folded.Frames[1].FoldedCount);
        Assert.Equal(["django", "asgiref"], folded.Frames[1].FoldedPackages);
        Assert.Equal("dispatch", folded.Frames[2].Function);
    }

    [Fact]
    public void Deep_recursion_of_one_frame_becomes_one_entry_with_its_repeat_count()
    {
        var recursion = Enumerable.Repeat(Frames.App("shop/tree.py", "walk", 12, "    return walk(node.parent)"), 200);

        var folded = StacktraceFolder.Fold(new StacktraceDto([.. recursion, Checkout]));

        Assert.Equal(2, folded.Frames.Count);
        Assert.Equal(200, folded.Frames[0].Repeats);
        Assert.Equal(1, folded.Frames[1].Repeats);
    }

    [Fact]
    public void Frames_the_intake_already_dropped_are_reported()
    {
        var folded = StacktraceFolder.Fold(new StacktraceDto([Checkout], FramesOmitted: 750));

        Assert.Equal(750, folded.FramesDroppedAtIntake);
    }

    [Fact]
    public void An_overlong_source_line_is_cut()
    {
        var minified = Frames.App("static/app.js", "render", 1, new string('x', 10_000));

        var line = Assert.Single(StacktraceFolder.Fold(new StacktraceDto([minified])).Frames[0].Context!);

        Assert.Equal(StacktraceFolder.MaxSourceLineLength + 1, line.Text.Length);
    }

    [Theory]
    [InlineData("django.core.handlers.base", null, "django")]
    [InlineData(null, "/app/node_modules/express/lib/router/index.js", "express")]
    [InlineData(null, "/usr/lib/python3/dist-packages/requests/api.py", "requests")]
    [InlineData("System.Net.Http.HttpClient", null, "System")]
    [InlineData(null, "lib/kernel.rb", "lib")]
    public void A_library_frame_is_summarised_by_its_top_level_package(string? module, string? path, string expected)
    {
        var frame = new StackFrameDto(path, null, "f", module, 1, null, false, null, null, null);

        Assert.Equal(expected, StacktraceFolder.PackageOf(frame));
    }
}
