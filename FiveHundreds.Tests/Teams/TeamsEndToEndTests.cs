using System.Net;
using System.Text.Json;
using FiveHundreds.Mcp.Formatting;
using FiveHundreds.Mcp.Tools;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.TriageApi.Client;
using FiveHundreds.TriageApi.Contracts;
using Microsoft.Playwright;
using ModelContextProtocol.Client;

namespace FiveHundreds.Tests.Teams;

// A team in Debian's chromium against the whole stack: the owner invites a member limited to one project, the
// member joins through the link, sees only that project, takes an issue and resolves it; a viewer is shown no
// Resolve button and the API refuses one forged; the member's own token gives an agent the same view over MCP.
[Collection(StackCollection.Name)]
public sealed class TeamsEndToEndTests(StackFixture stack) : IAsyncLifetime
{
    private static readonly string ScreenshotDirectory = Path.GetFullPath(
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "teams-e2e"));

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        _browser = await DashboardBrowser.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    // Each person in a browser context of their own, so that their cookies do not mix.
    private async Task<IPage> BrowserOfAsync()
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = stack.GetEndpoint("web").ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(DashboardBrowser.Timeout);
        return page;
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });

    private async Task<TriageApiClient> SignInThroughApiAsync(string userName, string password) =>
        stack.CreateTriageClient((await stack.CreateTriageClient("").SignInAsync(new SignInRequest(userName, password))).Token);

    private async Task<Guid> SendErrorAsync(ProjectKeyDto project, string message)
    {
        var body = $$"""
            { "event_id": "{{Guid.NewGuid()}}", "timestamp": "{{DateTimeOffset.UtcNow:O}}", "platform": "python", "level": "error",
              "exception": { "values": [ { "type": "ValueError", "value": "{{message}}", "module": "builtins" } ] } }
            """;
        return (await stack.SendEventAsync(project.Key, body)).IssueId;
    }

    [Fact]
    public async Task An_invited_member_limited_to_one_project_sees_only_it_takes_an_issue_and_resolves_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var alpha = await stack.CreateProjectAsync($"Alpha {suffix}");
        var beta = await stack.CreateProjectAsync($"Beta {suffix}");
        var alphaIssue = await SendErrorAsync(alpha, $"alpha failure {suffix}");
        await SendErrorAsync(beta, $"beta failure {suffix}");
        var email = $"mia-{suffix}@example.test";
        var password = "pw-" + Guid.NewGuid().ToString("N");

        // The owner invites Mia as a member of Alpha only.
        var owner = await BrowserOfAsync();
        await DashboardBrowser.SignInAsync(owner, "admin", stack.AdminPassword);
        await DashboardBrowser.OpenAsync(owner, "/members");
        await DashboardBrowser.TypeIntoAsync(owner, ".invite-email", email);
        await owner.Locator($"input[data-project='Alpha {suffix}']").CheckAsync();
        await DashboardBrowser.Button(owner, "Invite").ClickAsync();
        var link = (await owner.Locator(".invite-link").TextContentAsync())!.Trim();
        await ScreenshotAsync(owner, "01-invited");
        Assert.Contains("/invite?token=", link);

        // Mia joins through the link and lands signed in.
        var mia = await BrowserOfAsync();
        await mia.GotoAsync(link);
        await mia.FillAsync("#name", $"Mia {suffix}");
        await mia.FillAsync("#password", password);
        await mia.ClickAsync("button[type=submit]");
        await Assertions.Expect(mia.Locator("h1")).ToHaveTextAsync("Issues");
        await DashboardBrowser.WaitInteractiveAsync(mia);

        // She sees Alpha's issue and nothing of Beta.
        await Assertions.Expect(mia.Locator(".issue-link", new() { HasText = $"alpha failure {suffix}" })).ToHaveCountAsync(1);
        await Assertions.Expect(mia.Locator(".issue-link", new() { HasText = $"beta failure {suffix}" })).ToHaveCountAsync(0);
        await ScreenshotAsync(mia, "02-member-list");

        // She takes the issue and resolves it.
        await mia.Locator(".issue-link", new() { HasText = $"alpha failure {suffix}" }).ClickAsync();
        await DashboardBrowser.Button(mia, "Assign to me").ClickAsync();
        await Assertions.Expect(mia.Locator(".assignee-name")).ToHaveTextAsync($"Mia {suffix}");
        await DashboardBrowser.Button(mia, "Resolve").ClickAsync();
        await Assertions.Expect(DashboardBrowser.Button(mia, "Reopen")).ToHaveCountAsync(1);
        await ScreenshotAsync(mia, "03-member-resolved");

        var issue = (await stack.CreateTriageClient().GetIssueAsync(alphaIssue)).Issue;
        Assert.Equal(IssueStatus.Resolved, issue.Status);
        Assert.Equal($"Mia {suffix}", issue.Assignee?.Name);

        // An agent with Mia's own token sees what she sees.
        var miaApi = await SignInThroughApiAsync(email, password);
        var token = await miaApi.CreatePersonalTokenAsync(new CreateTokenRequest("agent", TokenScope.Triage, AllProjects: true));
        await using var mcp = await McpClientAsync(token.Token);
        var listed = await mcp.CallToolAsync(ListIssuesTool.Name, new Dictionary<string, object?> { ["query"] = suffix, ["status"] = "all" });
        var issues = listed.StructuredContent!.Value.Deserialize<IssueListView>(McpJson.Options)!;
        Assert.Equal([alpha.Id], issues.Items.Select(i => i.Project).Distinct());
        Assert.Equal($"Mia {suffix}", issues.Items.Single().Assignee?.Name);
        var unassigned = await mcp.CallToolAsync(AssignIssueTool.Name, new Dictionary<string, object?> { ["issue_id"] = alphaIssue.ToString(), ["assignee"] = "none" });
        Assert.Null(unassigned.StructuredContent!.Value.Deserialize<IssueView>(McpJson.Options)!.Assignee);
        var reassigned = await mcp.CallToolAsync(AssignIssueTool.Name, new Dictionary<string, object?> { ["issue_id"] = alphaIssue.ToString(), ["assignee"] = "me" });
        Assert.Equal($"Mia {suffix}", reassigned.StructuredContent!.Value.Deserialize<IssueView>(McpJson.Options)!.Assignee?.Name);
    }

    [Fact]
    public async Task A_viewer_is_shown_no_Resolve_button_and_a_forged_resolve_is_refused()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var project = await stack.CreateProjectAsync($"Viewed {suffix}");
        var issueId = await SendErrorAsync(project, $"viewed failure {suffix}");
        var email = $"vic-{suffix}@example.test";
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var ownerApi = await SignInThroughApiAsync("admin", stack.AdminPassword);
        var invite = await ownerApi.CreateInviteAsync(new CreateInviteRequest(email, MemberRole.Viewer, AllProjects: true));
        await stack.CreateTriageClient("").AcceptInviteAsync(new AcceptInviteRequest(invite.Token, $"Vic {suffix}", password));

        var vic = await BrowserOfAsync();
        await DashboardBrowser.SignInAsync(vic, email, password);
        await DashboardBrowser.OpenAsync(vic, $"/issues/{issueId}");
        await Assertions.Expect(vic.Locator(".assignee-name")).ToHaveTextAsync("Unassigned");
        await ScreenshotAsync(vic, "04-viewer-issue");

        await Assertions.Expect(DashboardBrowser.Button(vic, "Resolve")).ToHaveCountAsync(0);
        await Assertions.Expect(DashboardBrowser.Button(vic, "Assign to me")).ToHaveCountAsync(0);
        var forged = await Assert.ThrowsAsync<TriageApiException>(
            async () => await (await SignInThroughApiAsync(email, password)).UpdateIssueStatusAsync(issueId, IssueStatus.Resolved));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    private async Task<McpClient> McpClientAsync(string token)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(stack.GetEndpoint("mcp"), "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });
        return await McpClient.CreateAsync(transport);
    }
}
