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
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        _page = await _browser.NewPageAsync(new() { BaseURL = stack.GetEndpoint("web").ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        _page.SetDefaultTimeout(20_000);
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

        // Send an event with that key; it becomes the newest issue.
        await stack.SendEventAsync(key, Event(function, message));
        await OpenAsync("/");
        await Expect(_page.Locator(".issue-link").First).ToContainTextAsync(message);
        await ScreenshotAsync("issue-listed");

        // Open it: the app frame's function and its context line are shown.
        await _page.Locator(".issue-link").First.ClickAsync();
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

    private async Task SignInAsync()
    {
        await _page.GotoAsync("/");
        await Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await _page.FillAsync("#password", stack.AdminPassword);
        await _page.ClickAsync("button[type=submit]");
        await Expect(_page.Locator("h1")).ToHaveTextAsync("Issues");
        await Expect(_page.Locator(".shell[data-interactive=true]")).ToHaveCountAsync(1);
        await ScreenshotAsync("signed-in");
    }

    private static object Event(string function, string message) => new
    {
        event_id = Guid.NewGuid(),
        timestamp = DateTimeOffset.UtcNow,
        platform = "python",
        level = "error",
        release = "shop@1.4.2",
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

    // A full page load shows the prerendered page before its circuit connects; wait for the circuit so that
    // clicks and typing reach the server.
    private async Task OpenAsync(string url)
    {
        await _page.GotoAsync(url);
        await Expect(_page.Locator(".shell[data-interactive=true]")).ToHaveCountAsync(1);
    }

    // Fluent buttons are web components that chromium's accessibility tree does not expose as buttons by name.
    // Playwright does not see their disabled attribute either, so only enabled ones are matched: a click on a
    // button the page disabled while it loads would be lost.
    private ILocator Button(string text) =>
        _page.Locator("fluent-button:not([disabled])", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{text}\\s*$") });

    // Typed key by key, as a person would: the Fluent input reports its value on input events. The keys go to
    // the web component's own input, and the step waits until it holds them: on a loaded machine a run once
    // clicked "Create project" with the name field still empty.
    private async Task TypeIntoAsync(string selector, string text)
    {
        var input = _page.Locator($"{selector} input");
        await input.ClickAsync();
        await _page.Keyboard.TypeAsync(text);
        await Expect(input).ToHaveValueAsync(text);
    }

    private async Task ScreenshotAsync(string name)
    {
        _step++;
        await _page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, $"{_step:00}-{name}.png"), FullPage = true });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
