using Microsoft.Playwright;

namespace FiveHundreds.Tests.Infrastructure;

// Debian's chromium driving the dashboard the way a person does, shared by the browser tests.
public static class DashboardBrowser
{
    // Actions and assertions wait this long: on a loaded 2-core machine the first sign-in after the stack started
    // (cold pages, password hashing) has taken more than 20 s, and a circuit more than Playwright's default 5 s.
    public const float Timeout = 60_000;

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assertions.SetDefaultExpectTimeout(Timeout);
        return playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri web)
    {
        var page = await browser.NewPageAsync(new() { BaseURL = web.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(Timeout);
        return page;
    }

    // A full page load shows the prerendered page before its circuit connects; wait for the circuit so that
    // clicks and typing reach the server.
    public static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await WaitInteractiveAsync(page);
    }

    public static Task WaitInteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator(".shell[data-interactive=true]")).ToHaveCountAsync(1);

    // Fluent buttons are web components that chromium's accessibility tree does not expose as buttons by name.
    // Playwright does not see their disabled attribute either, so only enabled ones are matched: a click on a
    // button the page disabled while it loads would be lost.
    public static ILocator Button(IPage page, string text) =>
        page.Locator("fluent-button:not([disabled])", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{text}\\s*$") });

    // Typed key by key, as a person would: the Fluent input reports its value on input events. The keys go to
    // the web component's own input, and the step waits until it holds them: on a loaded machine a run once
    // clicked "Create project" with the name field still empty.
    public static async Task TypeIntoAsync(IPage page, string selector, string text)
    {
        var input = page.Locator($"{selector} input");
        await input.ClickAsync();
        await page.Keyboard.TypeAsync(text);
        await Assertions.Expect(input).ToHaveValueAsync(text);
    }

    // The sign-in form, then the issue list with its circuit connected.
    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Issues");
        await WaitInteractiveAsync(page);
    }
}
