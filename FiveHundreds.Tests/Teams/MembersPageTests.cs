using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.Playwright;

namespace FiveHundreds.Tests.Teams;

// The Members page in chromium: an owner limits a member to some projects, and opens them all again.
[Collection(SsoCollection.Name)]
public sealed class MembersPageTests(SsoFixture stack) : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await DashboardBrowser.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task An_owner_limits_a_member_to_one_project_and_then_opens_every_project_again()
    {
        var admin = stack.CreateTriageClient();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var alpha = await admin.CreateProjectAsync(new CreateProjectRequest($"Alpha {suffix}"));
        await admin.CreateProjectAsync(new CreateProjectRequest($"Beta {suffix}"));
        var email = $"mo-{suffix}@example.test";
        var invite = await admin.CreateInviteAsync(new CreateInviteRequest(email, MemberRole.Member, [], AllProjects: true));
        var member = await stack.CreateTriageClient("").AcceptInviteAsync(new AcceptInviteRequest(invite.Token, $"Mo {suffix}", TeamSetup.NewPassword()));
        var page = await DashboardBrowser.NewPageAsync(_browser, stack.Web.Address);
        await DashboardBrowser.SignInAsync(page, "admin", stack.AdminPassword);
        await DashboardBrowser.OpenAsync(page, "/members");
        var row = page.Locator($"tr[data-member='{email}']");

        await row.Locator(".member-projects-edit").ClickAsync();
        await row.Locator($"input[data-project='Alpha {suffix}']").CheckAsync();
        await row.Locator(".member-projects-save").ClickAsync();

        await Assertions.Expect(row.Locator(".edit-projects")).ToHaveCountAsync(0);
        await Assertions.Expect(row.Locator(".member-projects")).ToContainTextAsync($"Alpha {suffix}");
        var limited = Assert.Single(await admin.ListMembersAsync(), m => m.Id == member.Id);
        Assert.False(limited.AllProjects);
        Assert.Equal([alpha.Id], limited.Projects);

        await row.Locator(".member-projects-edit").ClickAsync();
        await row.Locator($"input[data-project='Alpha {suffix}']").UncheckAsync();
        await row.Locator(".member-projects-save").ClickAsync();

        await Assertions.Expect(row.Locator(".edit-projects")).ToHaveCountAsync(0);
        await Assertions.Expect(row.Locator(".member-projects")).ToContainTextAsync("All");
        Assert.True(Assert.Single(await admin.ListMembersAsync(), m => m.Id == member.Id).AllProjects);
    }
}
