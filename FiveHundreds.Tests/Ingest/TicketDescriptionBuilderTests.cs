using FiveHundreds.Ingest.Triage;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Ingest;

public sealed class TicketDescriptionBuilderTests
{
    private static readonly IssueSummaryDto Issue = new(Guid.NewGuid(), Guid.NewGuid(), "KeyError: 'cart'", "shop.views in checkout",
        EventLevel.Error, IssueStatus.Unresolved, 7, DateTimeOffset.Parse("2026-11-20T10:00:00Z"), DateTimeOffset.Parse("2026-11-24T10:00:00Z"),
        null, false, new int[24]);

    private static EventDto Event(params StackFrameDto[] frames) => new(Guid.NewGuid(), Issue.Id, Issue.Project, Guid.NewGuid(),
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "python", EventLevel.Error, null, "shop@1.2", "web-1",
        new ExceptionDataDto([new ExceptionValueDto("KeyError", "'cart'", null, new StacktraceDto(frames))]),
        new RequestDataDto("https://shop.example/cart", "GET", null, null, null),
        new Dictionary<string, string> { ["SECRET_KEY"] = "[Filtered]", ["LANG"] = "C" }, null, null, null);

    private static StackFrameDto Frame(string file, string function, bool inApp, string? context = null) =>
        new(file, null, function, null, 10, null, inApp, null, context, null);

    [Fact]
    public void Lists_app_frames_most_recent_first_with_library_runs_summarised()
    {
        var md = TicketDescriptionBuilder.Build(Issue, Event(
            Frame("django/core/handlers/base.py", "_get_response", false),
            Frame("django/views/generic/base.py", "view", false),
            Frame("shop/views.py", "checkout", true, "cart = session['cart']"),
            Frame("shop/cart.py", "load", true)), "https://dash/issues/1");

        var load = md.IndexOf("→ shop/cart.py:10 in load", StringComparison.Ordinal);
        var checkout = md.IndexOf("→ shop/views.py:10 in checkout", StringComparison.Ordinal);
        Assert.True(load >= 0 && checkout > load);
        Assert.Contains("cart = session['cart']", md);
        Assert.Contains("… 2 library frames", md);
        Assert.Contains("` GET https://shop.example/cart `", md);
        Assert.Contains("[https://dash/issues/1](https://dash/issues/1)", md);
        Assert.Contains("**Events:** 7", md);
        Assert.Contains("| ` SECRET_KEY ` | ` [Filtered] ` |", md);
    }

    [Fact]
    public void Event_text_cannot_break_out_of_its_code_span()
    {
        var hostile = Issue with { Title = "<script>alert(1)</script> # heading", Culprit = "a ` b ``` c" };
        var md = TicketDescriptionBuilder.Build(hostile, null, null);
        Assert.Contains(@"\<script\>alert\(1\)\</script\> \# heading", md);
        Assert.Contains("```` a ` b ``` c ````", md);
    }
}
