using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Web;

// Ignoring an issue from its page until it happens again, and a project's allowed origins, as a person does them.
public sealed partial class DashboardEndToEndTests
{
    [Fact]
    public async Task An_issue_snoozed_until_three_more_events_returns_after_the_third_and_says_so()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var project = await stack.CreateProjectAsync($"Snooze {suffix}");
        var first = await stack.SendEventAsync(project.Key, Event($"checkout_{suffix}", $"snoozed {suffix}"));
        await SignInAsync();

        await OpenAsync($"/issues/{first.IssueId}");
        await _page.Locator("details.ignore-menu summary").ClickAsync();
        var moreEvents = _page.Locator(".more-events input");
        await moreEvents.FillAsync("3");
        await Expect(moreEvents).ToHaveValueAsync("3");
        await _page.Locator("fluent-button[data-ignore=more-events]:not([disabled])").ClickAsync();
        await Expect(_page.Locator(".status-badge")).ToHaveTextAsync("Ignored");
        await Expect(_page.Locator(".issue-workflow")).ToContainTextAsync("Ignored until 3 more events (0 so far)");
        await ScreenshotAsync("snoozed");

        for (var i = 0; i < 3; i++)
        {
            await stack.SendEventAsync(project.Key, Event($"checkout_{suffix}", $"snoozed {suffix}"));
        }

        await OpenAsync($"/issues/{first.IssueId}");
        await Expect(_page.Locator(".status-badge")).ToHaveTextAsync("Unresolved");
        await Expect(_page.Locator(".issue-workflow")).ToContainTextAsync("Returned from ignore: 3 more events arrived");
        await ScreenshotAsync("returned-from-snooze");
    }

    [Fact]
    public async Task A_project_s_allowed_origins_are_edited_on_the_projects_page()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var project = await stack.CreateProjectAsync($"Origins {suffix}");
        await SignInAsync();

        await OpenAsync("/projects");
        await _page.Locator(".project-grid fluent-data-grid-row, .project-grid tr", new() { HasText = $"Origins {suffix}" })
            .Locator("fluent-button.project-settings").ClickAsync();
        var origins = _page.Locator(".origins-text textarea");
        await origins.FillAsync("https://shop.example\n*.shop.example");
        await Button("Save origins").ClickAsync();

        await Expect(_page.Locator(".origins-saved")).ToContainTextAsync("https://shop.example");
        var saved = (await stack.CreateTriageClient().ListProjectsAsync()).Single(p => p.Id == project.Id);
        Assert.Equal(2, saved.AllowedOrigins.Count);
        Assert.DoesNotContain("*", saved.AllowedOrigins);
        await ScreenshotAsync("allowed-origins");
    }
}
