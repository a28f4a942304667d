using System.Diagnostics;
using FiveHundreds.Sdk;
using Microsoft.Extensions.Logging;

namespace FiveHundreds.Tests.Sdks;

// The same app without the SDK: what every app with the SDK must answer, whatever the server does.
public sealed class DotnetSdkBaseline : IAsyncLifetime
{
    public IReadOnlyList<string> Answers { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await using var app = await DotnetSdkTestApp.StartAsync(sdk: null);
        Answers = (await app.ExerciseAsync()).Answers;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class DotnetSdkFaultTests(DotnetSdkBaseline baseline) : IClassFixture<DotnetSdkBaseline>
{
    private const string Key = "test-key";

    // Two of the three requests of a round throw.
    private const int EventsPerRound = 2;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task With_the_server_down_requests_answer_as_without_the_sdk_and_events_are_given_up()
    {
        await using var app = await StartAppAsync(DotnetSdkRawServer.Down());

        var (answers, _) = await app.ExerciseAsync();

        Assert.Equal(baseline.Answers, answers);
        Assert.True(await UntilAsync(() => app.Sdk.FailedCount == EventsPerRound), $"failed: {app.Sdk.FailedCount}");
        AssertOnlyTheAppsOwnErrorsWereLogged(app);
    }

    [Fact]
    public async Task With_a_server_that_never_answers_requests_are_not_slowed()
    {
        await using var server = DotnetSdkRawServer.Hanging();
        await using var app = await StartAppAsync(server.Endpoint, o => o.SendTimeout = TimeSpan.FromSeconds(60));

        var (answers, slowest) = await app.ExerciseAsync(rounds: 10);

        Assert.Equal(Enumerable.Repeat(baseline.Answers, 10).SelectMany(a => a), answers);
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"slowest request took {slowest}");
        Assert.True(await UntilAsync(() => server.Connections > 0), "the SDK never tried to send");
        Assert.Equal(0, app.Sdk.SentCount);
        AssertOnlyTheAppsOwnErrorsWereLogged(app);
    }

    [Fact]
    public async Task With_garbage_answers_requests_answer_as_without_the_sdk()
    {
        await using var server = DotnetSdkRawServer.Garbage();
        await using var app = await StartAppAsync(server.Endpoint);

        var (answers, _) = await app.ExerciseAsync();

        Assert.Equal(baseline.Answers, answers);
        Assert.True(await UntilAsync(() => app.Sdk.FailedCount == EventsPerRound), $"failed: {app.Sdk.FailedCount}");
        Assert.True(server.Connections >= EventsPerRound);
        AssertOnlyTheAppsOwnErrorsWereLogged(app);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_under_the_same_event_id()
    {
        await using var intake = await DotnetSdkIntakeServer.StartAsync(n => new DotnetSdkIntakeAnswer(n < 2 ? 500 : 201));
        await using var app = await StartAppAsync(intake.Endpoint);

        using var response = await app.Http.GetAsync("/boom");

        Assert.Equal(baseline.Answers[1], $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync()}");
        Assert.True(await UntilAsync(() => app.Sdk.SentCount == 1), $"sent: {app.Sdk.SentCount}");
        var attempts = intake.Received.ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Select(a => a.EventId).Distinct());
        // Backoff of 100 ms, then 200 ms, each with at most 25% jitter.
        Assert.True(Stopwatch.GetElapsedTime(attempts[0].Timestamp, attempts[1].Timestamp) >= TimeSpan.FromMilliseconds(75));
        Assert.True(Stopwatch.GetElapsedTime(attempts[1].Timestamp, attempts[2].Timestamp) >= TimeSpan.FromMilliseconds(150));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task After_a_retry_after_no_request_is_sent_before_it_passes(int status)
    {
        await using var intake = await DotnetSdkIntakeServer.StartAsync(n => new DotnetSdkIntakeAnswer(n == 0 ? status : 201, RetryAfterSeconds: n == 0 ? 2 : null));
        await using var app = await StartAppAsync(intake.Endpoint);

        await app.Http.GetAsync("/boom");
        Assert.True(await UntilAsync(() => !intake.Received.IsEmpty));
        // The server logs the request before it answers 429; give the SDK a moment to read that answer, or the
        // other, idle sender may rightly send the next event before the client knows it is limited.
        await Task.Delay(TimeSpan.FromMilliseconds(250));
        var (answers, slowest) = await app.ExerciseAsync(rounds: 3);

        Assert.Equal(Enumerable.Repeat(baseline.Answers, 3).SelectMany(a => a), answers);
        Assert.True(slowest < TimeSpan.FromSeconds(1), $"slowest request took {slowest}");
        Assert.True(await UntilAsync(() => app.Sdk.SentCount == 1 + 3 * EventsPerRound), $"sent: {app.Sdk.SentCount}");
        var received = intake.Received.ToList();
        var limited = received[0].Timestamp;
        Assert.All(received.Skip(1), r => Assert.True(Stopwatch.GetElapsedTime(limited, r.Timestamp) >= TimeSpan.FromSeconds(1.95),
            $"a request came {Stopwatch.GetElapsedTime(limited, r.Timestamp)} after the {status}"));
        Assert.Contains(received.Skip(1), r => r.EventId == received[0].EventId);
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_counts_them_and_stays_bounded()
    {
        await using var server = DotnetSdkRawServer.Hanging();
        await using var app = await StartAppAsync(server.Endpoint, o =>
        {
            o.QueueCapacity = 5;
            o.SendTimeout = TimeSpan.FromSeconds(60);
        });

        var (answers, _) = await app.ExerciseAsync(rounds: 20);

        Assert.Equal(Enumerable.Repeat(baseline.Answers, 20).SelectMany(a => a), answers);
        Assert.True(app.Sdk.QueuedCount <= 5, $"queued: {app.Sdk.QueuedCount}");
        // Each of the two senders holds one event while the server hangs; the rest is queued or dropped.
        Assert.True(await UntilAsync(() => app.Sdk.QueuedCount + app.Sdk.DroppedCount == 20 * EventsPerRound - 2),
            $"queued {app.Sdk.QueuedCount}, dropped {app.Sdk.DroppedCount}");
        Assert.Equal(5, app.Sdk.QueuedCount);
        AssertOnlyTheAppsOwnErrorsWereLogged(app);
    }

    [Fact]
    public async Task Shutdown_sends_what_is_queued()
    {
        await using var intake = await DotnetSdkIntakeServer.StartAsync(_ => new DotnetSdkIntakeAnswer(201, Delay: TimeSpan.FromMilliseconds(100)));
        await using var app = await StartAppAsync(intake.Endpoint, o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        var (answers, _) = await app.ExerciseAsync(rounds: 5);
        await app.StopAsync();

        Assert.Equal(Enumerable.Repeat(baseline.Answers, 5).SelectMany(a => a), answers);
        Assert.Equal(5 * EventsPerRound, intake.Received.Select(r => r.EventId).Distinct().Count());
        Assert.Equal(5 * EventsPerRound, app.Sdk.SentCount);
    }

    [Fact]
    public async Task Shutdown_with_a_server_that_never_answers_waits_no_longer_than_the_timeout()
    {
        await using var server = DotnetSdkRawServer.Hanging();
        await using var app = await StartAppAsync(server.Endpoint, o =>
        {
            o.ShutdownTimeout = TimeSpan.FromSeconds(1);
            o.SendTimeout = TimeSpan.FromSeconds(60);
        });

        var (answers, _) = await app.ExerciseAsync(rounds: 2);
        var stopping = await app.StopAsync();

        Assert.Equal(Enumerable.Repeat(baseline.Answers, 2).SelectMany(a => a), answers);
        Assert.InRange(stopping, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
        Assert.Contains(app.Logs.Entries, e => e.Message.Contains("events not sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_key_is_logged_once_and_never_retried()
    {
        await using var intake = await DotnetSdkIntakeServer.StartAsync(_ => new DotnetSdkIntakeAnswer(401));
        await using var app = await StartAppAsync(intake.Endpoint);

        var (answers, _) = await app.ExerciseAsync(rounds: 3);

        Assert.Equal(Enumerable.Repeat(baseline.Answers, 3).SelectMany(a => a), answers);
        Assert.True(await UntilAsync(() => app.Sdk.FailedCount == 3 * EventsPerRound), $"failed: {app.Sdk.FailedCount}");
        Assert.Equal(3 * EventsPerRound, intake.Received.Count);
        Assert.Single(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("refused", StringComparison.Ordinal));
    }

    private static Task<DotnetSdkTestApp> StartAppAsync(Uri endpoint, Action<FiveHundredsOptions>? more = null) =>
        DotnetSdkTestApp.StartAsync(endpoint, Key, o =>
        {
            o.MaxRetries = 2;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
            o.SendTimeout = TimeSpan.FromSeconds(2);
            more?.Invoke(o);
        });

    // The exceptions the app logs as unhandled are exactly the ones its endpoints threw: the SDK added,
    // replaced or wrapped none.
    private static void AssertOnlyTheAppsOwnErrorsWereLogged(DotnetSdkTestApp app)
    {
        var errors = app.Logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.True(
            e.Exception is InvalidOperationException { Message: DotnetSdkTestEndpoints.BoomMessage } or ArgumentException,
            $"unexpected error log: {e.Category} {e.Message} {e.Exception}"));
    }

    private static async Task<bool> UntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Patience.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }
            await Task.Delay(20);
        }
        return true;
    }
}
