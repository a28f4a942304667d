using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FiveHundreds.Ingest.Extensions;
using FiveHundreds.Tests.Infrastructure;
using FiveHundreds.Tests.Ingest;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Tests.Sentry;

// The Sentry endpoints' rules that the SDK tests cannot provoke: keys, DSNs, other item types, bad input and
// the shared rate limit. The envelopes here are written by hand on purpose, to be wrong where a test needs it.
[Collection(IngestCollection.Name)]
public sealed class SentryIntakeTests(IngestFixture ingest)
{
    private const string Event = """{"platform":"python","exception":{"values":[{"type":"KeyError","value":"'sku'","stacktrace":{"frames":[{"filename":"shop/cart.py","function":"add","lineno":3,"in_app":true}]}}]}}""";

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent content, string? key = null)
    {
        using var client = ingest.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Sentry-Auth", $"Sentry sentry_version=7, sentry_client=test/1.0, sentry_key={key}");
        }
        return await client.SendAsync(request);
    }

    private Task<long> StoredEventsAsync(Guid project) =>
        ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE project_id = @p", ("p", project));

    [Fact]
    public async Task Project_answers_carry_a_dsn_whose_key_changes_on_rotation()
    {
        var triage = ingest.CreateTriageClient();
        var project = await ingest.CreateProjectAsync();
        var (key, number) = TestDsn.Parts(project.Dsn);
        Assert.Equal(project.Dsn, (await triage.ListProjectsAsync()).Single(p => p.Id == project.Id).Dsn);
        using (var before = await PostAsync($"/api/{number}/store/", new StringContent(Event), key))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var rotated = await triage.RotateProjectKeyAsync(project.Id);

        var (newKey, newNumber) = TestDsn.Parts(rotated.Dsn);
        Assert.NotEqual(key, newKey);
        Assert.Equal(number, newNumber);
        using var old = await PostAsync($"/api/{number}/store/", new StringContent(Event), key);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var current = await PostAsync($"/api/{number}/store/", new StringContent(Event), newKey);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task An_envelope_authenticated_by_its_dsn_is_stored_and_answered_with_the_event_id()
    {
        var project = await ingest.CreateProjectAsync();
        var (_, number) = TestDsn.Parts(project.Dsn);
        const string id = "9ec79c33ec9942ab8353589fcb2e04dc";
        var envelope = $"{{\"event_id\":\"{id}\",\"dsn\":\"{project.Dsn}\"}}\n{{\"type\":\"event\",\"length\":{Encoding.UTF8.GetByteCount(Event)}}}\n{Event}\n";

        // Like the Sentry .NET SDK: gzip and no Content-Type at all.
        using var response = await PostAsync($"/api/{number}/envelope/", EventSamples.Gzip(envelope, contentType: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(1, await ingest.QueryScalarAsync<long>("SELECT count(*) FROM events WHERE event_id = @id AND project_id = @p",
            ("id", Guid.Parse(id)), ("p", project.Id)));
    }

    [Fact]
    public async Task Envelopes_without_an_event_are_accepted_stored_nowhere_and_not_rate_limited()
    {
        var project = await ingest.CreateProjectAsync(rateLimitPerMinute: 1);
        var (key, number) = TestDsn.Parts(project.Dsn);
        var others = "{}\n{\"type\":\"session\"}\n{\"sid\":\"a\",\"status\":\"exited\"}\n{\"type\":\"client_report\"}\n{}\n"
            + "{\"type\":\"attachment\",\"length\":3,\"filename\":\"a.bin\"}\n\u0001\n\u0002\n{\"type\":\"transaction\"}\n{\"type\":\"transaction\"}\n";

        for (var i = 0; i < 3; i++)
        {
            using var response = await PostAsync($"/api/{number}/envelope/", new StringContent(others), key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, await StoredEventsAsync(project.Id));
        using var eventResponse = await PostAsync($"/api/{number}/store/?sentry_key={key}", new StringContent(Event));
        Assert.Equal(HttpStatusCode.OK, eventResponse.StatusCode);
    }

    [Fact]
    public async Task A_key_sent_to_another_projects_number_or_no_key_is_refused_with_401()
    {
        var first = TestDsn.Parts((await ingest.CreateProjectAsync()).Dsn);
        var second = TestDsn.Parts((await ingest.CreateProjectAsync()).Dsn);

        using var crossed = await PostAsync($"/api/{second.Number}/store/", new StringContent(Event), first.Key);
        using var missing = await PostAsync($"/api/{first.Number}/envelope/", new StringContent("{}\n{\"type\":\"event\"}\n" + Event));
        using var unknown = await PostAsync($"/api/{first.Number}/store/", new StringContent(Event), new string('0', 32));

        Assert.All(new[] { crossed, missing, unknown }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal("application/problem+json", crossed.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("envelope", "not an envelope")]
    [InlineData("envelope", "{}\n{\"type\":\"event\",\"length\":999}\n{}")]
    [InlineData("envelope", "{}\n{\"type\":\"event\"}\n{\"message\":\"a\"}\n{\"type\":\"event\"}\n{\"message\":\"b\"}\n")]
    [InlineData("envelope", "{}\n{\"type\":\"event\"}\n{\"exception\":{\"values\":[{\"type\":\"E\",\"stacktrace\":{\"frames\":[{\"lineno\":-4}]}}]}}\n")]
    [InlineData("store", "{\"level\":\"error\"}")]
    [InlineData("store", "{\"message\":\"a\",\"tags\":7}")]
    public async Task Bad_input_is_a_400_problem_and_stores_nothing(string endpoint, string body)
    {
        var project = await ingest.CreateProjectAsync();
        var (key, number) = TestDsn.Parts(project.Dsn);

        using var response = await PostAsync($"/api/{number}/{endpoint}/", new StringContent(body), key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await StoredEventsAsync(project.Id));
    }

    [Fact]
    public async Task The_rate_limit_is_shared_with_the_native_endpoint_and_answered_the_way_sentry_sdks_back_off()
    {
        var project = await ingest.CreateProjectAsync(rateLimitPerMinute: 1);
        var (key, number) = TestDsn.Parts(project.Dsn);
        await ingest.SendEventAsync(project.Key, Event);

        using var response = await PostAsync($"/api/{number}/store/", new StringContent(Event), key);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal($"{retryAfter}::organization", Assert.Single(response.Headers.GetValues(ProblemExceptionHandler.SentryRateLimitsHeader)));
        Assert.Equal(1, await StoredEventsAsync(project.Id));
    }
}
