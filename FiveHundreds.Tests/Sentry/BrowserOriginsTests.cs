using FiveHundreds.Ingest.Intake;

namespace FiveHundreds.Tests.Sentry;

// The per-project list of pages whose browser SDKs may send events.
public sealed class BrowserOriginsTests
{
    [Theory]
    [InlineData("*", "https://anything.test")]
    [InlineData("*", "null")]
    [InlineData("https://shop.example", "https://shop.example")]
    [InlineData("https://shop.example", "https://SHOP.example")]
    [InlineData("http://localhost:5173", "http://localhost:5173")]
    [InlineData("shop.example", "http://shop.example:8080")]
    [InlineData("*.example.com", "https://example.com")]
    [InlineData("*.example.com", "https://a.b.example.com")]
    public void A_listed_origin_is_allowed(string entry, string origin) =>
        Assert.True(BrowserOrigins.Allows([entry], origin));

    [Theory]
    [InlineData("https://shop.example", "http://shop.example")]
    [InlineData("https://shop.example", "https://shop.example:8443")]
    [InlineData("shop.example", "https://evil-shop.example")]
    [InlineData("*.example.com", "https://example.com.evil.test")]
    [InlineData("*.example.com", "https://notexample.com")]
    [InlineData("https://shop.example", "null")]
    [InlineData("https://shop.example", "not a url")]
    public void An_origin_the_list_does_not_name_is_refused(string entry, string origin) =>
        Assert.False(BrowserOrigins.Allows([entry], origin));

    [Fact]
    public void A_request_without_an_origin_comes_from_a_server_and_is_not_restricted() =>
        Assert.True(BrowserOrigins.Allows(["https://shop.example"], null));

    [Theory]
    [InlineData("https://shop.example/path")]
    [InlineData("https://shop.example/")]
    [InlineData("ftp://shop.example")]
    [InlineData("https://user@shop.example")]
    [InlineData("shop example")]
    [InlineData("")]
    [InlineData("*.")]
    public void A_malformed_entry_is_refused_with_a_reason(string entry) =>
        Assert.NotNull(BrowserOrigins.Problem([entry]));

    [Fact]
    public void An_empty_list_is_refused_because_it_would_silently_drop_every_browser_event() =>
        Assert.NotNull(BrowserOrigins.Problem([]));

    [Fact]
    public void Origins_hosts_and_domain_patterns_are_accepted() =>
        Assert.Null(BrowserOrigins.Problem(["*", "https://shop.example", "http://localhost:5173", "shop.example", "*.example.com"]));
}
