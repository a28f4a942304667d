using FiveHundreds.Rendering.Workflow;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Rendering;

public sealed class IssueWorkflowTextTests
{
    private static readonly DateTimeOffset Ignored = DateTimeOffset.Parse("2026-12-01T10:00:00Z");

    [Fact]
    public void An_ignore_says_its_condition_while_it_lasts_and_why_it_ended_once_it_has()
    {
        var untilEvents = new IgnoreDto(Ignored, new IgnoreConditionDto(MoreEvents: 3), 1, null);
        var untilTime = new IgnoreDto(Ignored, new IgnoreConditionDto(Until: Ignored.AddHours(24)), 0, null);

        Assert.Equal("Ignored until 3 more events (1 so far) (since 2026-12-01 10:00 UTC).", IssueWorkflowText.Ignore(IssueStatus.Ignored, untilEvents));
        Assert.Equal("Ignored until 2026-12-02 10:00 UTC (since 2026-12-01 10:00 UTC).", IssueWorkflowText.Ignore(IssueStatus.Ignored, untilTime));
        Assert.Equal("Ignored forever (since 2026-12-01 10:00 UTC).", IssueWorkflowText.Ignore(IssueStatus.Ignored, new IgnoreDto(Ignored, new(), 5, null)));
        Assert.Equal("Returned from ignore: 3 more events arrived (2026-12-01 11:30 UTC).",
            IssueWorkflowText.Ignore(IssueStatus.Unresolved, untilEvents with { EventsSince = 3, ReturnedAt = Ignored.AddMinutes(90) }));
        Assert.Equal("Returned from ignore: the ignore ended at 2026-12-02 10:00 UTC (2026-12-02 10:00 UTC).",
            IssueWorkflowText.Ignore(IssueStatus.Unresolved, untilTime with { ReturnedAt = Ignored.AddHours(24) }));
        Assert.Null(IssueWorkflowText.Ignore(IssueStatus.Unresolved, null));
    }

    [Fact]
    public void An_ignore_until_more_users_counts_the_users_hit_since()
    {
        var untilUsers = new IgnoreDto(Ignored, new IgnoreConditionDto(MoreUsers: 10), 40, null, UsersSince: 4);

        Assert.Equal("Ignored until 10 more users (4 so far) (since 2026-12-01 10:00 UTC).", IssueWorkflowText.Ignore(IssueStatus.Ignored, untilUsers));
        Assert.Equal("Returned from ignore: 10 more users were hit (2026-12-01 11:30 UTC).",
            IssueWorkflowText.Ignore(IssueStatus.Unresolved, untilUsers with { UsersSince = 10, ReturnedAt = Ignored.AddMinutes(90) }));
        Assert.Equal("Returned from ignore: 1 more user was hit (2026-12-01 11:30 UTC).",
            IssueWorkflowText.Ignore(IssueStatus.Unresolved, untilUsers with { Condition = new(MoreUsers: 1), ReturnedAt = Ignored.AddMinutes(90) }));
    }

    [Fact]
    public void Resolving_in_the_next_release_names_the_release_quoted_as_the_surface_asks()
    {
        Assert.Equal("Resolved in the next release after `2.0.0`: an event from a newer release reopens it.",
            IssueWorkflowText.ResolvedInNextRelease(IssueStatus.Resolved, "2.0.0", r => $"`{r}`"));
        Assert.Null(IssueWorkflowText.ResolvedInNextRelease(IssueStatus.Unresolved, "2.0.0"));
        Assert.Null(IssueWorkflowText.ResolvedInNextRelease(IssueStatus.Resolved, null));
    }
}
