using Bunit;
using FiveHundreds.Rendering.Stacktraces;
using FiveHundreds.TriageApi.Contracts;
using FiveHundreds.Web.Components.Shared;
using FiveHundreds.Web.Presentation;
using static FiveHundreds.Tests.Rendering.StacktraceLayoutTests;

namespace FiveHundreds.Tests.Web;

public sealed class StacktraceViewTests : FluentComponentTest
{
    private static ExceptionDataDto Trace(params StackFrameDto[] frames) =>
        new([new ExceptionValueDto("ZeroDivisionError", "division by zero", null, new StacktraceDto(frames))]);

    [Fact]
    public void App_frames_show_their_function_and_context_line_and_library_frames_are_folded()
    {
        var cut = Render<StacktraceView>(p => p.Add(c => c.Exception, Trace(
            Frame("_get_response", false), Frame("inner", false), Frame("dispatch", false),
            Frame("checkout", true, line: 42, context: "    total = 1 / 0", pre: ["def checkout(request):"]))));

        var app = cut.Find(".app-frame");
        Assert.Equal("checkout", app.QuerySelector(".frame-function")!.TextContent);
        Assert.Equal("    total = 1 / 0", app.QuerySelector(".line.current .code-text")!.TextContent);
        var folded = cut.Find("details.library-frames");
        Assert.False(folded.HasAttribute("open"));
        Assert.Equal("3 library frames", folded.QuerySelector("summary")!.TextContent);
        Assert.Equal(3, folded.QuerySelectorAll(".library-frame").Length);
    }

    [Fact]
    public void A_single_library_frame_is_named_in_the_singular()
    {
        var cut = Render<StacktraceView>(p => p.Add(c => c.Exception, Trace(Frame("lib", false), Frame("view", true))));

        Assert.Equal("1 library frame", cut.Find("details.library-frames summary").TextContent);
    }

    [Fact]
    public void Markup_in_event_data_is_shown_as_text()
    {
        var cut = Render<StacktraceView>(p => p.Add(c => c.Exception, new ExceptionDataDto(
            [new ExceptionValueDto("Error", "<script>alert(1)</script>", null,
                new StacktraceDto([Frame("<img src=x onerror=alert(1)>", true, context: "<script>x()</script>")]))])));

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Contains("<script>alert(1)</script>", cut.Find(".exception-title").TextContent);
        Assert.Contains("&lt;script&gt;", cut.Markup);
    }

    [Fact]
    public void A_chained_exception_shows_the_raised_one_first_then_its_cause()
    {
        var cut = Render<StacktraceView>(p => p.Add(c => c.Exception, new ExceptionDataDto(
        [
            new ExceptionValueDto("KeyError", "'id'", null, null),
            new ExceptionValueDto("ValueError", "bad order", null, null),
        ])));

        Assert.Equal(["ValueError", "KeyError"], cut.FindAll(".exception-type").Select(e => e.TextContent));
        Assert.Single(cut.FindAll(".caused-by"));
    }
}

public sealed class StacktraceOrderTests : FluentComponentTest
{
    private static readonly ExceptionDataDto Chained = new(
    [
        new ExceptionValueDto("KeyError", "'id'", null, new StacktraceDto([Frame("load", true)])),
        new ExceptionValueDto("ValueError", "bad order", null,
            new StacktraceDto([Frame("main", true), Frame("dispatch", false), Frame("checkout", true)])),
    ]);

    private static IEnumerable<string> Functions(IRenderedComponent<StacktraceView> cut) =>
        cut.FindAll(".exception > .app-frame .frame-function, .exception > details .frame-function").Select(e => e.TextContent);

    [Fact]
    public void Shows_the_most_recent_call_first_by_default()
    {
        var cut = Render<StacktraceView>(p => p.Add(c => c.Exception, Chained));

        Assert.Equal(["checkout", "dispatch", "main", "load"], Functions(cut));
        Assert.Equal("caused by", cut.Find(".caused-by").TextContent);
    }

    [Fact]
    public void Oldest_call_first_shows_the_cause_first_and_each_stack_as_it_was_called()
    {
        var cut = Render<StacktraceView>(p => p.Add(c => c.Exception, Chained).Add(c => c.Order, CallOrder.OldestFirst));

        Assert.Equal(["load", "main", "dispatch", "checkout"], Functions(cut));
        Assert.Equal(["KeyError", "ValueError"], cut.FindAll(".exception-type").Select(e => e.TextContent));
        Assert.Equal("which caused", cut.Find(".caused-by").TextContent);
    }

    [Fact]
    public void The_same_call_site_recurring_in_a_row_is_shown_once_with_its_count()
    {
        var cut = Render<StacktraceView>(p => p.Add(c => c.Exception, new ExceptionDataDto(
            [new ExceptionValueDto("RecursionError", null, null, new StacktraceDto([.. Enumerable.Repeat(Frame("walk", true), 1_000)]))])));

        Assert.Single(cut.FindAll(".app-frame"));
        Assert.Equal("repeated 1,000 times in a row", cut.Find(".frame-repeats").TextContent);
    }

    [Fact]
    public void The_order_toggle_marks_the_current_order_and_reports_only_a_change()
    {
        var chosen = new List<CallOrder>();
        var cut = Render<CallOrderToggle>(p => p
            .Add(c => c.Value, CallOrder.MostRecentFirst)
            .Add(c => c.ValueChanged, (CallOrder o) => chosen.Add(o)));

        Assert.Equal("true", cut.Find("[data-order=most-recent-first]").GetAttribute("aria-pressed"));
        Assert.Equal("false", cut.Find("[data-order=oldest-first]").GetAttribute("aria-pressed"));
        cut.Find("[data-order=most-recent-first]").Click();
        cut.Find("[data-order=oldest-first]").Click();

        Assert.Equal([CallOrder.OldestFirst], chosen);
    }
}

public sealed class StatusFilterTests : FluentComponentTest
{
    [Fact]
    public void Shows_the_count_of_each_status_and_all_and_past_the_limit_that_there_are_more()
    {
        var cut = Render<StatusFilter>(p => p
            .Add(c => c.Value, IssueStatusFilter.Unresolved)
            .Add(c => c.Counts, new IssueCountsDto(IssueCountsDto.Limit + 1, 34, 0)));

        Assert.Equal("100+", cut.Find("[data-status=unresolved] .count").TextContent);
        Assert.Equal("34", cut.Find("[data-status=resolved] .count").TextContent);
        Assert.Equal("100+", cut.Find("[data-status=all] .count").TextContent);
    }

    [Fact]
    public void Marks_the_current_status_as_pressed()
    {
        var cut = Render<StatusFilter>(p => p.Add(c => c.Value, IssueStatusFilter.Resolved));

        Assert.Equal("true", cut.Find("[data-status=resolved]").GetAttribute("aria-pressed"));
        Assert.Equal("false", cut.Find("[data-status=unresolved]").GetAttribute("aria-pressed"));
        Assert.Empty(cut.FindAll(".count"));
    }

    [Fact]
    public void Choosing_another_status_reports_it_and_choosing_the_current_one_does_not()
    {
        var chosen = new List<IssueStatusFilter>();
        var cut = Render<StatusFilter>(p => p
            .Add(c => c.Value, IssueStatusFilter.Unresolved)
            .Add(c => c.ValueChanged, (IssueStatusFilter s) => chosen.Add(s)));

        cut.Find("[data-status=unresolved]").Click();
        cut.Find("[data-status=all]").Click();

        Assert.Equal([IssueStatusFilter.All], chosen);
    }
}

public sealed class IssuesEmptyStateTests : FluentComponentTest
{
    [Fact]
    public void Without_a_project_it_leads_to_the_projects_page()
    {
        var cut = Render<IssuesEmptyState>(p => p.Add(c => c.Kind, IssuesEmptyKind.NoProject));

        Assert.Contains("No project yet", cut.Find("h2").TextContent);
        Assert.Equal("projects", cut.Find("[href=projects]").GetAttribute("href"));
        Assert.Empty(cut.FindAll(".snippets"));
    }

    [Fact]
    public void Without_errors_it_shows_the_set_up_for_this_ingest()
    {
        var cut = Render<IssuesEmptyState>(p => p.Add(c => c.Kind, IssuesEmptyKind.NoErrors));

        Assert.Contains("No errors yet", cut.Find("h2").TextContent);
        var snippets = cut.FindAll("pre.code").Select(e => e.TextContent).ToList();
        Assert.Equal(2, snippets.Count);
        Assert.All(snippets, s => Assert.Contains(IngestUrl, s));
        Assert.Contains("AddFiveHundreds", snippets[0]);
        Assert.Contains("FiveHundredsMiddleware", snippets[1]);
    }

    [Fact]
    public void With_a_search_that_matches_nothing_it_names_the_search()
    {
        var cut = Render<IssuesEmptyState>(p => p.Add(c => c.Kind, IssuesEmptyKind.NoMatch).Add(c => c.Query, "timeout"));

        Assert.Contains("No issues match", cut.Find("h2").TextContent);
        Assert.Contains("“timeout”", cut.Find("p").TextContent);
    }
}
