using System.Net;
using System.Text;
using FiveHundreds.Tests.Infrastructure;

namespace FiveHundreds.Tests.Sentry;

// What a browser asks of the intake before and while a page's SDK sends events from another origin.
[Collection(IngestCollection.Name)]
public sealed class BrowserCorsTests(IngestFixture ingest)
{
    private const string PageOrigin = "http://shop.test:5173";
    private const string Event = """{"platform":"javascript","exception":{"values":[{"type":"TypeError","value":"x is undefined","stacktrace":{"frames":[{"filename":"app.js","function":"checkout","lineno":3,"in_app":true}]}}]}}""";

    private static string Envelope(string body) =>
        $"{{\"event_id\":\"{Guid.NewGuid():N}\"}}\n{{\"type\":\"event\",\"length\":{Encoding.UTF8.GetByteCount(body)}}}\n{body}\n";

    private async Task<HttpResponseMessage> PreflightAsync(string path, string requestHeaders)
    {
        using var client = ingest.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", PageOrigin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", requestHeaders);
        return await client.SendAsync(request);
    }

    // As @sentry/browser sends: a "simple" text/plain POST with the key in the query string, so no preflight.
    private async Task<HttpResponseMessage> PostFromPageAsync(string dsn, string origin = PageOrigin)
    {
        var (key, number) = TestDsn.Parts(dsn);
        using var client = ingest.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/{number}/envelope/?sentry_key={key}&sentry_version=7")
        {
            Content = new StringContent(Envelope(Event), Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    private Task<long> StoredEventsAsync(Guid project) =>
        ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p", ("p", project));

    private static string Header(HttpResponseMessage response, string name) =>
        string.Join(",", response.Headers.TryGetValues(name, out var values) ? values : []);

    [Theory]
    [InlineData("/api/1/envelope/?sentry_key=0123456789abcdef0123456789abcdef", "content-type, sentry-trace, baggage, x-sentry-auth")]
    [InlineData("/api/1/store/", "content-type, x-sentry-auth, content-encoding")]
    [InlineData("/api/v1/events", "content-type, x-monolynx-key")]
    public async Task A_preflight_grants_the_headers_sdks_send(string path, string requestHeaders)
    {
        using var response = await PreflightAsync(path, requestHeaders);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"));
        var allowed = Header(response, "Access-Control-Allow-Headers").ToLowerInvariant();
        foreach (var name in requestHeaders.Split(',', StringSplitOptions.TrimEntries))
        {
            Assert.Contains(name, allowed);
        }
        Assert.Equal("3600", Header(response, "Access-Control-Max-Age"));
    }

    [Fact]
    public async Task A_text_plain_envelope_from_another_origin_is_stored_and_its_answer_is_readable_by_the_page()
    {
        var project = await ingest.CreateProjectAsync();

        using var response = await PostFromPageAsync(project.Dsn);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(1, await StoredEventsAsync(project.Id));
    }

    [Fact]
    public async Task A_rate_limited_page_can_read_retry_after_and_the_sentry_rate_limits()
    {
        var project = await ingest.CreateProjectAsync(rateLimitPerMinute: 1);
        using (var first = await PostFromPageAsync(project.Dsn))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var limited = await PostFromPageAsync(project.Dsn);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("*", Header(limited, "Access-Control-Allow-Origin"));
        var exposed = Header(limited, "Access-Control-Expose-Headers").ToLowerInvariant();
        Assert.Contains("retry-after", exposed);
        Assert.Contains("x-sentry-rate-limits", exposed);
        Assert.NotEmpty(Header(limited, "Retry-After"));
    }

    [Fact]
    public async Task A_project_that_lists_its_origins_refuses_pages_elsewhere_and_keeps_server_sdks()
    {
        var project = await ingest.CreateProjectAsync();
        var triage = ingest.CreateTriageClient();
        var set = await triage.SetAllowedOriginsAsync(project.Id, [PageOrigin, "*.shop.example"]);
        Assert.Equal([PageOrigin, "*.shop.example"], set.AllowedOrigins);
        Assert.Equal(set.AllowedOrigins, (await triage.ListProjectsAsync()).Single(p => p.Id == project.Id).AllowedOrigins);

        using var elsewhere = await PostFromPageAsync(project.Dsn, "https://evil.test");
        using var listed = await PostFromPageAsync(project.Dsn);
        using var subdomain = await PostFromPageAsync(project.Dsn, "https://eu.shop.example");
        var fromServer = await ingest.SendEventAsync(project.Key, Event);

        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Equal("application/problem+json", elsewhere.Content.Headers.ContentType?.MediaType);
        Assert.Contains("evil.test", await elsewhere.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, subdomain.StatusCode);
        Assert.NotEqual(Guid.Empty, fromServer.EventId);
        Assert.Equal(3, await StoredEventsAsync(project.Id));
    }

    [Fact]
    public async Task The_native_intake_checks_the_origin_too()
    {
        var project = await ingest.CreateProjectAsync();
        await ingest.CreateTriageClient().SetAllowedOriginsAsync(project.Id, [PageOrigin]);
        using var client = ingest.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new StringContent(Event, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Monolynx-Key", project.Key);
        request.Headers.Add("Origin", "https://evil.test");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await StoredEventsAsync(project.Id));
    }

    [Fact]
    public async Task A_malformed_origin_list_is_refused_with_a_problem()
    {
        var project = await ingest.CreateProjectAsync();
        using var client = ingest.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{project.Id}/allowed-origins")
        {
            Content = new StringContent("""{"allowed_origins":["https://shop.example/checkout"]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", ingest.AdminToken);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("https://shop.example/checkout", await response.Content.ReadAsStringAsync());
    }
}
