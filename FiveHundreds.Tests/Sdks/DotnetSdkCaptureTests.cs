using FiveHundreds.Sdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FiveHundreds.Tests.Sdks;

// What leaves the process, read where it arrives: a real loopback server standing in for the intake.
public sealed class DotnetSdkCaptureTests
{
    private const string Key = "capture-test-key";

    // An intake that accepts every event at once.
    private static Task<DotnetSdkIntakeServer> StartIntakeAsync() =>
        DotnetSdkIntakeServer.StartAsync(_ => new DotnetSdkIntakeAnswer(201));

    // The SDK from a bare service collection, without a host or an app; more sets any other option.
    private static ServiceProvider BuildServices(Uri? endpoint, string? key, Action<FiveHundredsOptions>? more = null) =>
        new ServiceCollection()
            .AddFiveHundreds(o =>
            {
                o.Endpoint = endpoint;
                o.Key = key;
                more?.Invoke(o);
            })
            .BuildServiceProvider();

    [Fact]
    public async Task The_request_is_scrubbed_before_it_leaves_the_process()
    {
        await using var intake = await StartIntakeAsync();
        await using var app = await DotnetSdkTestApp.StartAsync(intake.Endpoint, Key, o => o.ScrubNames = ["X-Customer-Pin"]);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders?page=2&api_key=abc")
        {
            Content = new StringContent("""{"item":"book","password":"hunter2","card":{"cvc":"123","session_id":"s1"}}""",
                System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer xyz" }, { "X-Customer-Pin", "1234" }, { "X-Shop-Trace", "r-1" } },
        };
        using var response = await app.Http.SendAsync(request);
        Assert.True(await app.Sdk.FlushAsync(TimeSpan.FromSeconds(10)));

        var received = Assert.Single(intake.Received);
        Assert.Equal(Key, received.Key);
        var sent = received.Body.GetProperty("request");
        Assert.Equal("POST", sent.GetProperty("method").GetString());
        Assert.Equal("page=2&api_key=%5BFiltered%5D", sent.GetProperty("query_string").GetString());
        Assert.EndsWith("/orders?page=2&api_key=%5BFiltered%5D", sent.GetProperty("url").GetString());
        var headers = sent.GetProperty("headers");
        Assert.Equal(SecretScrubber.Filtered, headers.GetProperty("Authorization").GetString());
        Assert.Equal(SecretScrubber.Filtered, headers.GetProperty("X-Customer-Pin").GetString());
        Assert.Equal("r-1", headers.GetProperty("X-Shop-Trace").GetString());
        var data = sent.GetProperty("data");
        Assert.Equal("book", data.GetProperty("item").GetString());
        Assert.Equal(SecretScrubber.Filtered, data.GetProperty("password").GetString());
        Assert.Equal("123", data.GetProperty("card").GetProperty("cvc").GetString());
        Assert.Equal(SecretScrubber.Filtered, data.GetProperty("card").GetProperty("session_id").GetString());
        Assert.DoesNotContain("hunter2", received.Body.GetRawText());
    }

    [Fact]
    public async Task A_json_body_cut_at_the_cap_is_not_sent()
    {
        await using var intake = await StartIntakeAsync();
        await using var app = await DotnetSdkTestApp.StartAsync(intake.Endpoint, Key, o => o.MaxRequestBodyBytes = 100);

        var item = new string('x', 5000);
        using var response = await app.Http.PostAsync("/orders",
            new StringContent($$"""{"item":"{{item}}","password":"hunter2"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(await app.Sdk.FlushAsync(TimeSpan.FromSeconds(10)));

        var request = Assert.Single(intake.Received).Body.GetProperty("request");
        Assert.False(request.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task A_posted_form_is_sent_as_fields_with_the_secret_ones_filtered()
    {
        await using var intake = await StartIntakeAsync();
        await using var app = await DotnetSdkTestApp.StartAsync(intake.Endpoint, Key);

        using var response = await app.Http.PostAsync("/orders-form",
            new FormUrlEncodedContent([new("item", "book"), new("password", "hunter2"), new("X-Api-Key", "k-1")]));
        Assert.True(await app.Sdk.FlushAsync(TimeSpan.FromSeconds(10)));

        var received = Assert.Single(intake.Received).Body;
        var data = received.GetProperty("request").GetProperty("data");
        Assert.Equal("book", data.GetProperty("item").GetString());
        Assert.Equal(SecretScrubber.Filtered, data.GetProperty("password").GetString());
        Assert.Equal(SecretScrubber.Filtered, data.GetProperty("X-Api-Key").GetString());
        Assert.DoesNotContain("hunter2", received.GetRawText());
    }

    [Fact]
    public async Task A_large_upload_reaches_the_app_whole_and_only_its_first_bytes_are_kept()
    {
        await using var intake = await StartIntakeAsync();
        await using var app = await DotnetSdkTestApp.StartAsync(intake.Endpoint, Key, o => o.MaxRequestBodyBytes = 1000);
        const int UploadBytes = 3 * 1024 * 1024;

        using var response = await app.Http.PostAsync("/upload", new ByteArrayContent(new byte[UploadBytes]));
        Assert.True(await app.Sdk.FlushAsync(TimeSpan.FromSeconds(10)));

        var received = Assert.Single(intake.Received).Body;
        Assert.Equal($"upload of {UploadBytes} bytes rejected", received.GetProperty("exception").GetProperty("values")[0].GetProperty("value").GetString());
        Assert.False(received.GetProperty("request").TryGetProperty("data", out _));
    }

    [Fact]
    public void The_body_copy_holds_at_most_the_cap_however_much_is_read()
    {
        using var upload = new MemoryStream(new byte[1024 * 1024]);
        var body = new FiveHundreds.Sdk.AspNetCore.RequestBodyPrefix(upload, capacity: 1000);

        body.CopyTo(Stream.Null);

        Assert.Equal(1000, body.Copied.Length);
        Assert.True(body.IsCut);
        Assert.Equal(upload.Length, upload.Position);
    }

    [Fact]
    public async Task App_frames_carry_the_source_lines_around_the_throw()
    {
        await using var intake = await StartIntakeAsync();
        await using var app = await DotnetSdkTestApp.StartAsync(intake.Endpoint, Key, o => o.ContextLines = 2);

        using var response = await app.Http.GetAsync("/boom");
        Assert.True(await app.Sdk.FlushAsync(TimeSpan.FromSeconds(10)));

        var frames = Assert.Single(intake.Received).Body.GetProperty("exception").GetProperty("values")[0]
            .GetProperty("stacktrace").GetProperty("frames").EnumerateArray().ToList();
        var boom = frames[^1];
        Assert.Equal(nameof(DotnetSdkTestEndpoints.Boom), boom.GetProperty("function").GetString());
        Assert.Contains("throw new InvalidOperationException", boom.GetProperty("context_line").GetString());
        Assert.Equal(2, boom.GetProperty("pre_context").GetArrayLength());
        Assert.Equal(2, boom.GetProperty("post_context").GetArrayLength());
        Assert.All(frames.Where(f => !f.GetProperty("in_app").GetBoolean()), f => Assert.False(f.TryGetProperty("context_line", out _)));
    }

    [Fact]
    public async Task A_worker_without_AspNetCore_takes_its_options_from_the_FiveHundreds_section_and_flushes_on_stop()
    {
        await using var intake = await DotnetSdkIntakeServer.StartAsync(_ => new DotnetSdkIntakeAnswer(201, Delay: TimeSpan.FromMilliseconds(200)));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FiveHundreds:Endpoint"] = intake.Endpoint.ToString(),
            ["FiveHundreds:Key"] = Key,
            ["FiveHundreds:Release"] = "worker@2.0.0",
            ["FiveHundreds:ShutdownTimeout"] = "00:00:10",
        });
        builder.Services.AddFiveHundreds();
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<FiveHundredsClient>();

        var ids = Enumerable.Range(0, 6).Select(i => client.CaptureMessage($"job {i} failed", "warning")).ToList();
        await host.StopAsync();

        Assert.DoesNotContain(Guid.Empty, ids);
        Assert.Equal(ids.Select(id => id.ToString()).Order(), intake.Received.Select(r => r.EventId).Order());
        var body = intake.Received.First().Body;
        Assert.Equal("worker@2.0.0", body.GetProperty("release").GetString());
        Assert.Equal("warning", body.GetProperty("level").GetString());
    }

    [Fact]
    public async Task A_full_queue_keeps_the_newest_events_and_counts_the_dropped_ones()
    {
        // The first two requests (one per sender) are held for a second; everything after is answered at once.
        await using var intake = await DotnetSdkIntakeServer.StartAsync(n =>
            new DotnetSdkIntakeAnswer(201, Delay: n < 2 ? TimeSpan.FromSeconds(1) : TimeSpan.Zero));
        await using var services = BuildServices(intake.Endpoint, Key, o => o.QueueCapacity = 3);
        var client = services.GetRequiredService<FiveHundredsClient>();

        var held = new[] { client.CaptureMessage("m0"), client.CaptureMessage("m1") };
        while (intake.Received.Count < 2)
        {
            await Task.Delay(10);
        }
        var later = Enumerable.Range(2, 18).Select(i => client.CaptureMessage($"m{i}")).ToList();
        Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(15, client.DroppedCount);
        Assert.Equal(held.Concat(later.TakeLast(3)).Select(id => id.ToString()).Order(), intake.Received.Select(r => r.EventId).Order());
    }

    [Fact]
    public async Task Past_the_per_second_budget_errors_are_only_counted()
    {
        await using var services = BuildServices(DotnetSdkRawServer.Down(), Key, o => o.MaxEventsPerSecond = 10);
        var client = services.GetRequiredService<FiveHundredsClient>();

        var captured = Enumerable.Range(0, 1000).Count(_ => client.CaptureException(new InvalidOperationException("flood")) != Guid.Empty);

        // A second may turn over during the loop, giving one more budget.
        Assert.InRange(captured, 10, 20);
        Assert.Equal(1000 - captured, client.SkippedCount);
        Assert.Equal(0, client.DroppedCount);
    }

    [Fact]
    public async Task An_event_that_cannot_be_written_is_counted_and_the_senders_go_on()
    {
        await using var intake = await StartIntakeAsync();
        await using var services = BuildServices(intake.Endpoint, Key);
        var client = services.GetRequiredService<FiveHundredsClient>();
        var unwritable = new SdkRequest { Data = System.Text.Json.Nodes.JsonValue.Create(new ExplodingValue()) };

        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(Guid.Empty, client.CaptureException(new InvalidOperationException("bad"), unwritable));
        }
        var good = client.CaptureMessage("still sent");
        Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(3, client.FailedCount);
        Assert.Equal(good.ToString(), Assert.Single(intake.Received).EventId);
    }

    public sealed class ExplodingValue
    {
        public string Value => throw new InvalidOperationException("cannot be read");
    }

    [Fact]
    public async Task An_endpoint_with_a_path_keeps_it()
    {
        await using var intake = await StartIntakeAsync();
        await using var services = BuildServices(new Uri(intake.Endpoint, "/tracker"), Key);
        var client = services.GetRequiredService<FiveHundredsClient>();

        client.CaptureMessage("hello");
        Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("/tracker/api/v1/events", Assert.Single(intake.Received).Path);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("http://127.0.0.1:9/", null)]
    [InlineData(null, Key)]
    [InlineData("ingest", Key)]
    [InlineData("ftp://127.0.0.1/", Key)]
    public void Without_a_usable_endpoint_or_a_key_the_sdk_captures_nothing_and_throws_nothing(string? endpoint, string? key)
    {
        using var services = BuildServices(endpoint is null ? null : new Uri(endpoint, UriKind.RelativeOrAbsolute), key);
        var client = services.GetRequiredService<FiveHundredsClient>();

        Assert.Equal(Guid.Empty, client.CaptureException(new InvalidOperationException("x")));
        Assert.Equal(Guid.Empty, client.CaptureMessage("x"));
        Assert.Equal(0, client.QueuedCount);
    }
}
