using FiveHundreds.Mcp.Formatting;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Mcp;

public class IssueMarkdownTests
{
    private static readonly Guid IssueId = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    private static IssueDetailView Detail(StacktraceDto stacktrace, params ExceptionValueDto[] causes)
    {
        var summary = new IssueSummaryDto(IssueId, Guid.NewGuid(), "ZeroDivisionError: division by zero", "shop.views in checkout",
            EventLevel.Error, IssueStatus.Unresolved, 3, DateTimeOffset.Parse("2026-11-24T10:15:00Z"),
            DateTimeOffset.Parse("2026-11-25T08:00:00Z"), null, false, []);
        var latest = new EventDto(Guid.NewGuid(), IssueId, summary.Project, Guid.NewGuid(), summary.LastSeen, summary.LastSeen,
            "python", EventLevel.Error, null, "shop@1.4.2", "web-1",
            new ExceptionDataDto([.. causes, new ExceptionValueDto("ZeroDivisionError", "division by zero", "builtins", stacktrace)]),
            new RequestDataDto("https://shop.example/checkout?x=1", "POST", new Dictionary<string, string> { ["Cookie"] = "[Filtered]" }, "x=1", null),
            new Dictionary<string, string> { ["DJANGO_SETTINGS_MODULE"] = "shop.settings" }, null, null, null);
        var detail = new IssueDetailDto(summary, latest, [],
            [new TimeBucketDto(DateTimeOffset.Parse("2026-11-24T00:00:00Z"), 1), new TimeBucketDto(DateTimeOffset.Parse("2026-11-25T00:00:00Z"), 2)], EventsKept: 3);
        return IssueViews.ToView(detail, new EventPageDto([], null), new ActivityPageDto([], null, CanComment: true));
    }

    [Fact]
    public void The_text_of_an_issue_with_a_500_frame_stack_fits_a_model_and_shows_the_failing_app_line()
    {
        var stack = Frames.FrameworkStack(500,
            Frames.App("shop/views.py", "checkout", 42, "    total = 1 / 0", ["def checkout(request):"], []));

        var text = IssueMarkdown.IssueDetail(Detail(stack));

        Assert.True(text.Length < 4_000, $"{text.Length} characters");
        Assert.Contains("[app] shop/views.py:42 in checkout", text);
        Assert.Contains(">    42 |     total = 1 / 0", text);
        Assert.Contains("library frames folded (asgiref, django, gunicorn)", text);
        Assert.Contains("500 frames: 1 app, 499 library", text);
    }

    [Fact]
    public void The_activity_says_what_happened_and_who_did_it_newest_first_with_each_comment_in_a_block()
    {
        var detail = Detail(Frames.FrameworkStack(3, Frames.App("shop/views.py", "checkout", 42, "    total = 1 / 0", [], [])));
        var ci = new ActorDto("ci-bot", null, "ci-bot");
        var at = DateTimeOffset.Parse("2026-11-25T09:00:00Z");
        ActivityEntryDto[] entries =
        [
            new(Guid.NewGuid(), IssueId, IssueActivityKind.Comment, at.AddMinutes(2), ci, "Fixed in **#42**.", null),
            new(Guid.NewGuid(), IssueId, IssueActivityKind.Resolved, at.AddMinutes(1), ci, null, null),
            new(Guid.NewGuid(), IssueId, IssueActivityKind.Created, at, null, null, null),
        ];
        var withActivity = detail with { Activity = [.. entries.Select(IssueViews.ToView)], OlderActivityOmitted = true };

        var text = IssueMarkdown.IssueDetail(withActivity);

        var activity = text[text.IndexOf("## Activity, newest first", StringComparison.Ordinal)..];
        Assert.Contains("- 2026-11-25 09:02:00 UTC · comment via token ` ci-bot `\n```markdown\nFixed in **#42**.\n```\n", activity);
        Assert.True(activity.IndexOf("· resolved via token ` ci-bot `", StringComparison.Ordinal) < activity.IndexOf("· issue created\n", StringComparison.Ordinal));
        Assert.Contains("(Older activity left out to save space.)", activity);
    }

    [Fact]
    public void The_exception_the_app_saw_comes_before_its_cause()
    {
        var cause = new ExceptionValueDto("KeyError", "'price'", "builtins", null);

        var text = IssueMarkdown.IssueDetail(Detail(new StacktraceDto([]), cause));

        Assert.True(text.IndexOf("### Exception\n```text\nZeroDivisionError: division by zero", StringComparison.Ordinal)
            < text.IndexOf("### Caused by\n```text\nKeyError: 'price'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_text_carries_the_request_environment_and_events_per_day()
    {
        var text = IssueMarkdown.IssueDetail(Detail(new StacktraceDto([])));

        Assert.Contains("POST https://shop.example/checkout?x=1", text);
        Assert.Contains("- ` Cookie `: ` [Filtered] `", text);
        Assert.Contains("- ` DJANGO_SETTINGS_MODULE `: ` shop.settings `", text);
        Assert.Contains("2026-11-24: 1, 2026-11-25: 2", text);
    }
}
