using FiveHundreds.Ingest.Triage;

namespace FiveHundreds.Tests.Ingest;

public sealed class UserAgentContextsTests
{
    private static Dictionary<string, string> Headers(string userAgent) => new() { ["User-Agent"] = userAgent };

    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.7000.0 Safari/537.36", "Chrome", "156.0.7000.0", "Linux")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86", "Edge", "131.0.2903.86", "Windows")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox", "133.0", "macOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari", "18.1", "iOS")]
    public void A_browser_event_s_user_agent_gives_its_browser_and_os(string userAgent, string browser, string version, string os)
    {
        var contexts = UserAgentContexts.With(null, Headers(userAgent))!;

        Assert.Equal(browser, contexts["browser"]["name"]);
        Assert.Equal(version, contexts["browser"]["version"]);
        Assert.Equal(os, contexts["os"]["name"]);
    }

    [Fact]
    public void Contexts_the_sdk_sent_win_and_an_unknown_agent_adds_nothing()
    {
        var sent = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["browser"] = new Dictionary<string, string> { ["name"] = "Own" } };

        Assert.Same(sent, UserAgentContexts.With(sent, Headers("Mozilla/5.0 Firefox/1.0")));
        Assert.Null(UserAgentContexts.With(null, Headers("curl/8.5.0")));
        Assert.Null(UserAgentContexts.With(null, null));
    }
}
