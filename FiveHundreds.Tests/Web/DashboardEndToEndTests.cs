using FiveHundreds.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FiveHundreds.Tests.Web;

// A person's first triage, in Debian's chromium against the whole stack: sign in, create a project, receive an
// error, read it, resolve it, find it again, turn it into a Scrum ticket and finish the ticket. Every step leaves
// a screenshot under TestResults/dashboard-e2e so a person can see what a user would see.
[Collection(StackCollection.Name)]
public sealed partial class DashboardEndToEndTests(StackFixture stack) : IAsyncLifetime
{
    private static readonly string ScreenshotDirectory = Path.GetFullPath(
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "dashboard-e2e"));

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;
    private int _step;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        _browser = await DashboardBrowser.LaunchAsync(_playwright);
        _page = await DashboardBrowser.NewPageAsync(_browser, stack.GetEndpoint("web"));
    }

    public async Task DisposeAsync()
    {
        // The last picture shows where a failed run stopped.
        await ScreenshotAsync("end");
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task A_new_error_is_triaged_from_the_issue_list_to_a_done_ticket()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var function = $"checkout_{suffix}";
        var message = $"division by zero in order {suffix}";

        await SignInAsync();

        // Create a project and read its key.
        await OpenAsync("/projects");
        await TypeIntoAsync(".project-name", $"E2E {suffix}");
        await Button("Create project").ClickAsync();
        var key = (await _page.Locator(".ingest-key").TextContentAsync())!.Trim();
        Assert.NotEmpty(key);
        await ScreenshotAsync("project-created");

        // Send an event with that key; it is listed among all projects' issues (the stack's own FiveHundreds project
        // may report newer ones meanwhile, so it is found by its text rather than by its place).
        await stack.SendEventAsync(key, Event(function, message));
        await OpenAsync("/");
        var listed = _page.Locator(".issue-link", new() { HasText = message });
        await Expect(listed).ToHaveCountAsync(1);
        await ScreenshotAsync("issue-listed");

        // Open it: the app frame's function and its context line are shown.
        await listed.ClickAsync();
        await Expect(_page.Locator(".app-frame .frame-function").First).ToHaveTextAsync(function);
        await Expect(_page.Locator(".app-frame .line.current .code-text").First).ToHaveTextAsync("    total = 1 / 0");
        await Expect(_page.Locator("details.library-frames summary").First).ToHaveTextAsync("1 library frame");
        await ScreenshotAsync("issue-page");

        // The trace reads most recent call first; the toggle turns it to oldest call first.
        var firstBlock = _page.Locator(".exception > :is(.app-frame, .library-frames)").First;
        await Expect(firstBlock).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("app-frame"));
        await Button("Oldest call first").ClickAsync();
        await Expect(firstBlock).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("library-frames"));
        await Expect(_page.Locator("[data-order=oldest-first]")).ToHaveAttributeAsync("aria-pressed", "true");
        await ScreenshotAsync("issue-page-oldest-first");

        // Resolve it: it leaves the Unresolved list.
        await Button("Resolve").ClickAsync();
        await Expect(_page.Locator(".status-badge")).ToHaveTextAsync("Resolved");
        var issueUrl = _page.Url;
        await OpenAsync("/");
        await Expect(_page.Locator(".issue-link", new() { HasText = message })).ToHaveCountAsync(0);
        await ScreenshotAsync("resolved-not-in-unresolved");

        // Search for it among all issues; the search lands in the URL.
        await _page.Locator("[data-status=all]").ClickAsync();
        await TypeIntoAsync(".search", suffix);
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"query={suffix}"));
        await Expect(_page.Locator(".issue-link")).ToHaveCountAsync(1);
        await Expect(_page.Locator(".issue-link")).ToContainTextAsync(message);
        await ScreenshotAsync("search");

        // Create its Scrum ticket: the button becomes a link.
        await OpenAsync(issueUrl);
        await Button("Create Scrum ticket").ClickAsync();
        await Expect(_page.Locator(".ticket-link")).ToBeVisibleAsync();
        await ScreenshotAsync("ticket-created");

        // Find it in the Backlog column and move it to Done.
        await OpenAsync("/backlog");
        var inBacklog = _page.Locator("[data-status=Backlog] .ticket-card", new() { HasText = suffix });
        await Expect(inBacklog).ToHaveCountAsync(1);
        await ScreenshotAsync("backlog");
        await inBacklog.Locator("fluent-button", new() { HasText = "Move to Done" }).ClickAsync();
        await Expect(_page.Locator("[data-status=Done] .ticket-card", new() { HasText = suffix })).ToHaveCountAsync(1);
        await Expect(inBacklog).ToHaveCountAsync(0);
        await ScreenshotAsync("ticket-done");
    }

    [Fact]
    public async Task An_alert_rule_is_created_its_test_alert_reaches_the_webhook_and_shows_in_the_log()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await using var receiver = await Alerts.AlertReceiver.StartAsync();
        var project = await stack.CreateProjectAsync($"Alerts {suffix}");
        await SignInAsync();

        // Add a webhook destination: its signing secret is shown once.
        await OpenAsync($"/projects/{project.Id}/alerts");
        await TypeIntoAsync(".destination-name", $"Hook {suffix}");
        await TypeIntoAsync(".destination-target", receiver.Url($"e2e-{suffix}"));
        await Button("Add destination").ClickAsync();
        await Expect(_page.Locator(".signing-secret")).ToHaveCountAsync(1);
        await Expect(_page.Locator(".alert-destinations").GetByText("127.0.0.1")).ToHaveCountAsync(1);
        await ScreenshotAsync("alert-destination");

        // Create a rule that sends new issues to it.
        await TypeIntoAsync(".rule-name", $"Rule {suffix}");
        await _page.Locator(".rule-form fluent-checkbox").First.ClickAsync();
        await Button("Create rule").ClickAsync();
        await Expect(_page.Locator(".alert-rules").GetByText($"Rule {suffix}")).ToHaveCountAsync(1);
        await ScreenshotAsync("alert-rule");

        // Send a test alert: the outcome shows at once, the receiver has it, and the log lists it.
        await Button("Send a test alert").ClickAsync();
        await Expect(_page.Locator(".test-result [data-state=Sent]")).ToHaveCountAsync(1);
        await Expect(_page.Locator(".alert-log .delivery-state[data-state=Sent]")).ToHaveCountAsync(1);
        Assert.Single(receiver.At($"e2e-{suffix}"));
        await ScreenshotAsync("alert-test-sent");
    }

    [Fact]
    public async Task Issues_are_searched_filtered_by_environment_and_merged_from_the_list()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var project = await stack.CreateProjectAsync($"Search {suffix}");
        await stack.SendEventAsync(project.Key, Event($"pay_{suffix}", $"pay failed {suffix}", "error", "2.0.0", "production"));
        await stack.SendEventAsync(project.Key, Event($"stock_{suffix}", $"stock failed {suffix}", "warning", "2.0.0", "staging"));
        await stack.SendEventAsync(project.Key, Event($"legacy_{suffix}", $"legacy failed {suffix}", "error", "1.0.0", "staging"));
        await SignInAsync();

        // The search syntax: release and level together leave one issue.
        await OpenAsync($"/?project={project.Slug}");
        await Expect(_page.Locator(".issue-link")).ToHaveCountAsync(3);
        await TypeIntoAsync(".search", "release:2.0.0 level:error");
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("query=release%3A2.0.0%20level%3Aerror"));
        await Expect(_page.Locator(".issue-link")).ToHaveCountAsync(1);
        await Expect(_page.Locator(".issue-link")).ToContainTextAsync($"pay failed {suffix}");
        await ScreenshotAsync("search-release-level");

        // The environment filter, in the URL: the two staging issues.
        await OpenAsync($"/?project={project.Slug}");
        await TypeIntoAsync(".environment-filter", "staging");
        await _page.Keyboard.PressAsync("Enter");
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("environment=staging"));
        await Expect(_page.Locator(".issue-link")).ToHaveCountAsync(2);
        await ScreenshotAsync("environment-filter");

        // Select both and merge them: one issue is left, with both events, both releases among its top values.
        foreach (var name in new[] { "stock", "legacy" })
        {
            await _page.Locator("tr", new() { Has = _page.Locator(".issue-link", new() { HasText = $"{name} failed {suffix}" }) })
                .Locator("td").First.ClickAsync();
        }
        await Button("Merge selected \\(2\\)").ClickAsync();
        await Expect(_page.Locator(".issue-link")).ToHaveCountAsync(1);
        await Expect(_page.Locator("td.users-cell")).ToHaveTextAsync("0");
        await ScreenshotAsync("merged");
        await _page.Locator(".issue-link").First.ClickAsync();
        await Expect(_page.Locator(".event-count")).ToHaveTextAsync("2 events");
        await Expect(_page.Locator(".facet[data-key=release] .facet-value")).ToHaveTextAsync(["1.0.0", "2.0.0"]);
        await ScreenshotAsync("merged-issue-page");
    }

    private async Task SignInAsync()
    {
        await _page.GotoAsync("/");
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await DashboardBrowser.SignInAsync(_page, "admin", stack.AdminPassword);
        await ScreenshotAsync("signed-in");
    }

    private static object Event(string function, string message, string level = "error", string release = "shop@1.4.2", string? environment = null) => new
    {
        event_id = Guid.NewGuid(),
        timestamp = DateTimeOffset.UtcNow,
        platform = "python",
        level,
        release,
        tags = environment is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["environment"] = environment },
        server_name = "web-1",
        exception = new
        {
            values = new[]
            {
                new
                {
                    type = "ZeroDivisionError",
                    value = message,
                    module = "builtins",
                    stacktrace = new
                    {
                        frames = new object[]
                        {
                            new { filename = "django/core/handlers/base.py", function = "_get_response", module = "django.core.handlers.base", lineno = 181, in_app = false },
                            new
                            {
                                filename = "shop/views.py", function, module = "shop.views", lineno = 42, in_app = true,
                                pre_context = new[] { $"def {function}(request):" }, context_line = "    total = 1 / 0", post_context = Array.Empty<string>(),
                            },
                        },
                    },
                },
            },
        },
        request = new { url = "https://shop.example/checkout?x=1", method = "POST", headers = new Dictionary<string, string> { ["User-Agent"] = "<script>alert(1)</script>" }, query_string = "x=1" },
        environment = new Dictionary<string, string> { ["DJANGO_SETTINGS_MODULE"] = "shop.settings" },
    };

    private Task OpenAsync(string url) => DashboardBrowser.OpenAsync(_page, url);

    private ILocator Button(string text) => DashboardBrowser.Button(_page, text);

    private Task TypeIntoAsync(string selector, string text) => DashboardBrowser.TypeIntoAsync(_page, selector, text);

    private async Task ScreenshotAsync(string name)
    {
        _step++;
        await _page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, $"{_step:00}-{name}.png"), FullPage = true });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
