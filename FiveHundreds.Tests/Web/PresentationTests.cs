using FiveHundreds.Ingest.Auth;
using FiveHundreds.TriageApi.Contracts;
using FiveHundreds.Web.Auth;
using FiveHundreds.Web.Presentation;
using Microsoft.Extensions.Time.Testing;

namespace FiveHundreds.Tests.Web;

public sealed class IssueListStateTests
{
    [Fact]
    public void The_default_view_is_the_bare_home_url()
    {
        Assert.Equal("/", new IssueListState().ToUrl());
    }

    [Fact]
    public void A_view_survives_the_trip_through_its_url()
    {
        var state = new IssueListState("shop", IssueStatusFilter.All, "release:2.0.0 \"division by zero\"", "abc==", "production", "2.0.0");

        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + state.ToUrl()).Query);
        var parsed = IssueListState.FromQuery(
            query["project"], query["status"], query["query"], query["cursor"], query["environment"], query["release"]);

        Assert.Equal(state, parsed);
    }

    [Fact]
    public void Changing_the_filter_or_search_starts_at_the_first_page()
    {
        var onPageTwo = new IssueListState(Cursor: "c2");

        Assert.Null(onPageTwo.WithStatus(IssueStatusFilter.Resolved).Cursor);
        Assert.Null(onPageTwo.WithQuery("boom").Cursor);
        Assert.Null(onPageTwo.WithProject("p").Cursor);
        Assert.Null(onPageTwo.WithEnvironment("production").Cursor);
        Assert.Null(onPageTwo.WithRelease("2.0.0").Cursor);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bogus")]
    [InlineData("7")]
    public void An_unknown_status_in_the_url_means_unresolved(string? status)
    {
        Assert.Equal(IssueStatusFilter.Unresolved, IssueListState.FromQuery(null, status, null, null).Status);
    }

    [Fact]
    public void A_blank_search_is_no_search()
    {
        Assert.Null(IssueListState.FromQuery(null, null, "   ", null).Query);
    }
}

public sealed class RelativeTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(10, "just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(59 * 60, "59 minutes ago")]
    [InlineData(2 * 3600, "2 hours ago")]
    [InlineData(25 * 3600, "1 day ago")]
    [InlineData(45 * 86400, "1 month ago")]
    [InlineData(800 * 86400, "2 years ago")]
    public void Formats_the_largest_whole_unit(int secondsAgo, string expected)
    {
        Assert.Equal(expected, RelativeTime.Format(Now.AddSeconds(-secondsAgo), Now));
    }
}

public sealed class EventCountTextTests
{
    [Theory]
    [InlineData(1204, 1204, "1,204 events")]
    [InlineData(52311, 10000, "10,000 events kept of 52,311")]
    [InlineData(3, 0, "0 events kept of 3")]
    public void Says_how_many_are_kept_once_some_events_are_gone(long received, long kept, string expected)
    {
        Assert.Equal(expected, EventCountText.Format(received, kept));
    }
}

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1024L, "1 KiB")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(10L * 1024 * 1024 + 300 * 1024, "10 MiB")]
    [InlineData(2L * 1024 * 1024 * 1024, "2 GiB")]
    public void Formats_the_largest_binary_unit_with_one_decimal_below_ten(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
    }
}

public sealed class DropReasonNamesTests
{
    [Fact]
    public void Summarises_todays_drops_largest_first_in_words()
    {
        var drops = new Dictionary<string, long> { ["too_large"] = 2, ["rate_limited"] = 1500, ["quota"] = 0, ["database_unavailable"] = 2 };

        Assert.Equal("rate limit 1,500 · database down 2 · too large 2", DropReasonNames.Summary(drops));
    }
}

public sealed class EventSeriesTests
{
    [Fact]
    public void Days_without_a_bucket_are_zero_and_the_last_bar_is_today()
    {
        var today = new DateOnly(2026, 11, 24);
        var bars = EventSeries.Daily([new TimeBucketDto(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), 5)], today);

        Assert.Equal(30, bars.Count);
        Assert.Equal(today, bars[^1].Day);
        Assert.Equal(5, bars.Single(b => b.Day == today.AddDays(-2)).Count);
        Assert.Equal(100, bars.Single(b => b.Day == today.AddDays(-2)).HeightPercent);
        Assert.Equal(5, bars.Sum(b => b.Count));
    }

    [Fact]
    public void A_small_count_next_to_a_large_one_stays_visible()
    {
        Assert.Equal([0, 8, 100], EventSeries.Heights([0, 1, 1000]));
    }
}

public sealed class IssuesEmptyTests
{
    [Fact]
    public void No_project_comes_before_anything_else() =>
        Assert.Equal(IssuesEmptyKind.NoProject, IssuesEmpty.KindOf(0, new IssueCountsDto(0, 0, 0), null));

    [Fact]
    public void No_issue_in_any_status_means_no_errors_yet() =>
        Assert.Equal(IssuesEmptyKind.NoErrors, IssuesEmpty.KindOf(1, new IssueCountsDto(0, 0, 0), null));

    [Fact]
    public void A_search_without_results_is_no_match_not_no_errors() =>
        Assert.Equal(IssuesEmptyKind.NoMatch, IssuesEmpty.KindOf(1, new IssueCountsDto(0, 0, 0), "nothing"));

    [Fact]
    public void Issues_in_another_status_mean_no_match() =>
        Assert.Equal(IssuesEmptyKind.NoMatch, IssuesEmpty.KindOf(1, new IssueCountsDto(0, 3, 0), null));
}

public sealed class SetupSnippetsTests
{
    [Fact]
    public void Snippets_carry_the_endpoint_and_the_key()
    {
        var dotNet = SetupSnippets.DotNet("https://ingest.example", "k-123");
        var django = SetupSnippets.Django("https://ingest.example", "k-123");

        Assert.Contains("o.Endpoint = new Uri(\"https://ingest.example\");", dotNet);
        Assert.Contains("o.Key = \"k-123\";", dotNet);
        Assert.Contains("\"ENDPOINT\": \"https://ingest.example\"", django);
        Assert.Contains("\"KEY\": \"k-123\"", django);
    }
}

public sealed class MarkdownRendererTests
{
    [Fact]
    public void Markdown_is_rendered_and_scripts_are_removed()
    {
        var html = new MarkdownRenderer().Render("**bold** <script>alert(1)</script> [x](javascript:alert(1))").Value;

        Assert.Contains("<strong>bold</strong>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("javascript:", html);
    }

    [Fact]
    public void A_remote_image_becomes_a_link_and_loads_nothing()
    {
        var html = new MarkdownRenderer().Render("![tracking pixel](https://evil.example/p.png?who=me)").Value;

        Assert.DoesNotContain("<img", html);
        Assert.Contains("<a href=\"https://evil.example/p.png?who=me\">tracking pixel</a>", html);
    }

    [Fact]
    public void Generic_attributes_are_not_parsed_into_the_markup()
    {
        var html = new MarkdownRenderer().Render(
            "# Heading {style=\"background:url(https://evil.example/bg.png)\" .banner #login onclick=\"alert(1)\"}\n\n" +
            "Text {.x style=\"position:fixed\"}").Value;

        Assert.StartsWith("<h1>Heading {style=", html);
        Assert.Contains("<p>Text {.x", html);
        Assert.DoesNotContain("class=\"banner\"", html);
        Assert.DoesNotContain("id=\"login\"", html);
    }

    [Fact]
    public void A_media_link_is_not_embedded()
    {
        var html = new MarkdownRenderer().Render("![video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n\n![clip](https://evil.example/a.mp4)").Value;

        Assert.DoesNotContain("<iframe", html);
        Assert.DoesNotContain("<video", html);
        Assert.DoesNotContain("<img", html);
    }

    [Fact]
    public void A_ticket_description_keeps_its_table_and_code()
    {
        var html = new MarkdownRenderer().Render("| Name | Value |\n| --- | --- |\n| ` LANG ` | ` C ` |\n\n```text\n→ shop/views.py:42 in checkout\n```").Value;

        Assert.Contains("<table>", html);
        Assert.Contains("<code>LANG</code>", html);
        Assert.Contains("→ shop/views.py:42 in checkout", html);
    }
}

public sealed class SignInTests
{
    [Fact]
    public void Each_consecutive_failure_doubles_the_delay_up_to_the_cap()
    {
        var throttle = new SignInThrottle(new FakeTimeProvider());

        var delays = Enumerable.Range(0, 6).Select(_ => throttle.RecordFailure("10.0.0.1")).ToList();

        Assert.Equal([0.5, 1, 2, 4, 8, 8], delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public void A_success_or_a_quiet_quarter_hour_forgets_the_failures()
    {
        var time = new FakeTimeProvider();
        var throttle = new SignInThrottle(time);
        throttle.RecordFailure("a");
        throttle.RecordFailure("b");
        throttle.RecordFailure("b");

        throttle.RecordSuccess("a");
        time.Advance(SignInThrottle.ForgetAfter + TimeSpan.FromSeconds(1));

        Assert.Equal(SignInThrottle.FirstDelay, throttle.RecordFailure("a"));
        Assert.Equal(SignInThrottle.FirstDelay, throttle.RecordFailure("b"));
    }

    [Fact]
    public void Failures_from_one_client_do_not_slow_another()
    {
        var throttle = new SignInThrottle(new FakeTimeProvider());
        throttle.RecordFailure("a");
        throttle.RecordFailure("a");

        Assert.Equal(SignInThrottle.FirstDelay, throttle.RecordFailure("b"));
    }

    [Theory]
    [InlineData("/issues/1?x=2", "/issues/1?x=2")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData(null, "/")]
    public void Sign_in_only_returns_to_local_paths(string? returnUrl, string expected) =>
        Assert.Equal(expected, AccountEndpoints.LocalReturnUrl(returnUrl));
}
