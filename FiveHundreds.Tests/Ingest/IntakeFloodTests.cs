using System.Diagnostics;
using System.Net;
using System.Text;
using FiveHundreds.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FiveHundreds.Tests.Ingest;

// The flood at a scale CI can afford (the benchmark runs it with 200 connections and measures memory): one
// project's senders that hold their bodies open take no more than their share of the bytes in flight, are
// refused cleanly beyond it, and another project's events keep being stored.
[Collection(IngestCollection.Name)]
public sealed class IntakeFloodTests(IngestFixture ingest)
{
    private const int Share = 1024 * 1024;
    private const int HeldPart = 256 * 1024;

    [Fact]
    public async Task Held_bodies_of_one_project_take_only_its_share_and_other_projects_keep_getting_201()
    {
        await using var factory = ingest.Factory.WithWebHostBuilder(web => web
            .UseSetting("Intake:MaxBytesInFlight", (4 * Share).ToString())
            .UseSetting("Intake:MaxBytesInFlightPerProject", Share.ToString()));
        // The server's own client: WebApplicationFactory's default client buffers a request body before sending it.
        using var client = factory.Server.CreateClient();
        var flooder = await ingest.CreateProjectAsync();
        var other = await ingest.CreateProjectAsync();
        var release = new TaskCompletionSource();

        // The held senders arrive one after another, as a flood's connections do: the first ones take the share, the
        // later ones are refused. (Started in the same instant, all of them grow chunk by chunk together and all can be
        // refused before any reaches its end.)
        var held = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 12; i++)
        {
            held.Add(SendHeldAsync(client, "/api/v1/events", ("X-Monolynx-Key", flooder.Key), release.Task));
            await Task.Delay(100);
        }
        var keyless = Enumerable.Range(0, 4).Select(_ => SendHeldAsync(client, "/api/1/envelope/", null, release.Task)).ToList();
        // Until the share is full, some held bodies are refused while they are still being sent.
        var refused = new List<HttpResponseMessage>();
        var deadline = Stopwatch.StartNew();
        while (refused.Count == 0 && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            refused = [.. held.Where(t => t.IsCompleted).Select(t => t.Result)];
            await Task.Delay(50);
        }

        var times = new List<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new StringContent(EventSamples.DivisionInCheckout().Json()) };
            request.Headers.Add("X-Monolynx-Key", other.Key);
            using var response = await client.SendAsync(request);
            times.Add(Stopwatch.GetElapsedTime(started));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        release.SetResult();
        var answers = await Task.WhenAll(held);
        var keylessAnswers = await Task.WhenAll(keyless);

        Assert.NotEmpty(refused);
        Assert.All(refused, response =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        });
        // The bodies within the share were read to their end and stored.
        Assert.Contains(answers, response => response.StatusCode == HttpStatusCode.Created);
        Assert.All(answers, response => Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));
        // An envelope whose header line never ends in time carries no key that could be checked.
        Assert.All(keylessAnswers, response => Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode));
        Assert.True(times.Order().ElementAt(times.Count * 99 / 100) < TimeSpan.FromSeconds(1), string.Join(", ", times.Select(t => $"{t.TotalMilliseconds:F0}")));
    }

    [Fact]
    public async Task A_body_not_received_within_the_read_deadline_is_answered_408_and_gives_back_its_share()
    {
        // The held part takes 80 KiB of the share (a 16 KiB and a 64 KiB chunk): no room for another event's first chunk.
        const int heldPart = 70 * 1024;
        await using var factory = ingest.Factory.WithWebHostBuilder(web => web
            .UseSetting("Intake:MaxBodyReadTime", "00:00:01")
            .UseSetting("Intake:MaxBytesInFlightPerProject", (90 * 1024).ToString()));
        using var client = factory.Server.CreateClient();
        var project = await ingest.CreateProjectAsync();
        var release = new TaskCompletionSource();

        var started = Stopwatch.GetTimestamp();
        using var timedOut = await SendHeldAsync(client, "/api/v1/events", ("X-Monolynx-Key", project.Key), release.Task, heldPart);
        var elapsed = Stopwatch.GetElapsedTime(started);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new StringContent(EventSamples.DivisionInCheckout().Json()) };
        request.Headers.Add("X-Monolynx-Key", project.Key);
        using var next = await client.SendAsync(request);
        release.SetResult();

        Assert.Equal(HttpStatusCode.RequestTimeout, timedOut.StatusCode);
        Assert.Equal("application/problem+json", timedOut.Content.Headers.ContentType?.MediaType);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    // A body whose first part is sent at once and whose end waits for the release: a slow sender.
    private static Task<HttpResponseMessage> SendHeldAsync(HttpClient client, string path, (string Name, string Value)? header, Task release,
        int heldPart = HeldPart)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new HeldContent(release, heldPart) };
        if (header is var (name, value))
        {
            request.Headers.Add(name, value);
        }
        return client.SendAsync(request);
    }

    private sealed class HeldContent(Task release, int heldPart) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes("{\"message\":\"held\",\"pad\":\"" + new string('p', heldPart)));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync("\"}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
