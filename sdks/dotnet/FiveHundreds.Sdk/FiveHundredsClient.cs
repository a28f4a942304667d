using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FiveHundreds.Sdk;

// Captures events and sends them in the background. Capturing only builds the event and puts it on a bounded
// queue (the oldest is dropped, and counted, when it is full); two workers send. No public member throws,
// blocks on the network, or waits on a worker, whatever the server does.
public sealed class FiveHundredsClient : IAsyncDisposable, IDisposable
{
    public const string HttpClientName = "FiveHundreds";

    private const int WorkerCount = 2;
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);

    private readonly FiveHundredsOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ILogger _logger;
    private readonly Channel<SdkEvent> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ExceptionConverter _converter;
    private readonly SourceContextReader _sourceContext;
    private readonly ConcurrentDictionary<int, bool> _loggedRejections = new();
    private readonly Uri? _eventsUri;
    private readonly string _release;
    private readonly string _serverName;
    private readonly IReadOnlyDictionary<string, string>? _environment;
    private readonly Task[] _workers;
    private Task? _shutdown;
    private long _pending;
    private long _dropped;
    private long _sent;
    private long _failed;
    private long _pausedUntil;
    private long _skipped;
    private long _budgetSecond;
    private int _budgetUsed;

    public FiveHundredsClient(FiveHundredsOptions options, IHttpClientFactory httpClientFactory, ILogger? logger = null,
        string? contentRoot = null)
    {
        _options = options;
        _httpClientFactory = httpClientFactory;
        _logger = logger ?? NullLogger.Instance;
        Scrubber = new SecretScrubber(options.ScrubNames);
        var entry = Assembly.GetEntryAssembly()?.GetName();
        _converter = new ExceptionConverter(new FrameClassifier(
            options.SourceRoot ?? SourceRootLocator.Find(contentRoot ?? Environment.CurrentDirectory) ?? contentRoot,
            options.InAppInclude, options.InAppExclude, entry?.Name));
        _sourceContext = new SourceContextReader(options.ContextLines);
        _release = options.Release ?? DefaultRelease();
        _serverName = options.ServerName ?? Environment.MachineName;
        // Variables rarely change in a running process: read and scrub them once, not on every capture.
        _environment = options.CaptureEnvironment ? ScrubbedEnvironment(Scrubber) : null;
        _queue = Channel.CreateBounded<SdkEvent>(
            new BoundedChannelOptions(Math.Max(1, options.QueueCapacity)) { FullMode = BoundedChannelFullMode.DropOldest },
            _ => Dropped());
        _eventsUri = options.HasEndpointAndKey ? EventsUri(options.Endpoint!) : null;
        if (_eventsUri is not null)
        {
            _workers = Enumerable.Range(0, WorkerCount).Select(_ => Task.Run(SendLoopAsync)).ToArray();
        }
        else
        {
            _workers = [];
            _logger.LogInformation("FiveHundreds is off: no absolute http(s) Endpoint or no Key configured");
        }
    }

    public FiveHundredsOptions Options => _options;

    // False without a usable Endpoint and a Key: nothing is captured or sent.
    public bool IsEnabled => _eventsUri is not null;

    public SecretScrubber Scrubber { get; }

    // Events dropped because the queue was full or the client had shut down.
    public long DroppedCount => Interlocked.Read(ref _dropped);

    public long SentCount => Interlocked.Read(ref _sent);

    // Events given up on: rejected by the server (400/401/413) or still failing after every retry.
    public long FailedCount => Interlocked.Read(ref _failed);

    public int QueuedCount => _queue.Reader.Count;

    // Errors not captured because more than Options.MaxEventsPerSecond came in one second.
    public long SkippedCount => Interlocked.Read(ref _skipped);

    // Returns the event id, or Guid.Empty when nothing was queued.
    public Guid CaptureException(Exception exception, SdkRequest? request = null, IReadOnlyDictionary<string, string>? tags = null) =>
        TryReserve() ? CaptureReserved(exception, request, tags) : Guid.Empty;

    // The first half of a capture, for callers that gather more (a request) before building the event: false
    // when the SDK is off or over its per-second budget, and nothing should be gathered.
    internal bool TryReserve()
    {
        if (_eventsUri is null)
        {
            return false;
        }
        if (_options.MaxEventsPerSecond <= 0)
        {
            return true;
        }
        var second = Environment.TickCount64 / 1000;
        if (Interlocked.Exchange(ref _budgetSecond, second) != second)
        {
            Interlocked.Exchange(ref _budgetUsed, 0);
        }
        if (Interlocked.Increment(ref _budgetUsed) <= _options.MaxEventsPerSecond)
        {
            return true;
        }
        Interlocked.Increment(ref _skipped);
        return false;
    }

    internal Guid CaptureReserved(Exception exception, SdkRequest? request, IReadOnlyDictionary<string, string>? tags = null) =>
        Capture(exception, message: null, level: "error", request, tags);

    public Guid CaptureMessage(string message, string level = "info", IReadOnlyDictionary<string, string>? tags = null) =>
        Capture(exception: null, message, level, request: null, tags);

    // Queues one event, for an exception or else a message, with the fields every event shares. An exception's
    // budget is already reserved by the caller; a message reserves its own, once it is known not to be empty.
    // Never throws: a failure is logged and gives Guid.Empty.
    private Guid Capture(Exception? exception, string? message, string level, SdkRequest? request,
        IReadOnlyDictionary<string, string>? tags)
    {
        try
        {
            if (exception is null && (string.IsNullOrEmpty(message) || !TryReserve()))
            {
                return Guid.Empty;
            }
            return Enqueue(new SdkEvent
            {
                Exception = exception is null ? null : _converter.Convert(exception),
                Message = message,
                Level = level,
                Request = request,
                Tags = tags,
                Release = _release,
                ServerName = _serverName,
                Environment = _environment,
            });
        }
        catch (Exception e)
        {
            LogSafely(e, exception is null ? "FiveHundreds could not capture a message" : "FiveHundreds could not capture an exception");
            return Guid.Empty;
        }
    }

    // Waits until every queued event is sent or given up on, for at most the timeout. True when none is left.
    public async Task<bool> FlushAsync(TimeSpan timeout)
    {
        try
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (Interlocked.Read(ref _pending) > 0 && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(10).ConfigureAwait(false);
            }
            return Interlocked.Read(ref _pending) == 0;
        }
        catch (Exception e)
        {
            LogSafely(e, "FiveHundreds could not flush");
            return false;
        }
    }

    // Stops taking events and sends what is queued for at most Options.ShutdownTimeout; then in-flight sends are
    // cancelled. Safe to call more than once.
    public Task ShutdownAsync()
    {
        lock (_stopping)
        {
            return _shutdown ??= ShutdownOnceAsync();
        }
    }

    public async ValueTask DisposeAsync() => await ShutdownAsync().ConfigureAwait(false);

    // For containers disposed synchronously; blocks for at most Options.ShutdownTimeout (shutdown never throws).
    public void Dispose() => ShutdownAsync().GetAwaiter().GetResult();

    private async Task ShutdownOnceAsync()
    {
        try
        {
            _queue.Writer.TryComplete();
            var workers = Task.WhenAll(_workers);
            if (await Task.WhenAny(workers, Task.Delay(_options.ShutdownTimeout)).ConfigureAwait(false) != workers)
            {
                await _stopping.CancelAsync().ConfigureAwait(false);
            }
            await workers.ConfigureAwait(false);
            var unsent = Interlocked.Read(ref _pending);
            if (unsent > 0)
            {
                _logger.LogWarning("FiveHundreds shut down with {Count} events not sent", unsent);
            }
        }
        catch (Exception e)
        {
            LogSafely(e, "FiveHundreds could not shut down cleanly");
        }
    }

    private Guid Enqueue(SdkEvent sdkEvent)
    {
        Interlocked.Increment(ref _pending);
        if (_queue.Writer.TryWrite(sdkEvent))
        {
            return sdkEvent.EventId;
        }
        Dropped();
        return Guid.Empty;
    }

    private void Dropped()
    {
        Interlocked.Decrement(ref _pending);
        Interlocked.Increment(ref _dropped);
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var sdkEvent))
                {
                    try
                    {
                        await DeliverAsync(sdkEvent, _stopping.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (!_stopping.IsCancellationRequested)
                    {
                        // One event that cannot be built or sent must not stop the sender for the others.
                        Interlocked.Increment(ref _failed);
                        LogSafely(e, "FiveHundreds could not send an event");
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _pending);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutdown ran out of time; what is left stays unsent and is reported there.
        }
        catch (Exception e)
        {
            LogSafely(e, "FiveHundreds sender stopped");
        }
    }

    private async Task DeliverAsync(SdkEvent sdkEvent, CancellationToken ct)
    {
        _sourceContext.AddContext(sdkEvent);
        var body = JsonSerializer.SerializeToUtf8Bytes(sdkEvent, SdkJsonContext.Default.SdkEvent);
        for (var attempt = 0; ; attempt++)
        {
            await WaitWhilePausedAsync(ct).ConfigureAwait(false);
            var (status, retryAfter) = await SendOnceAsync(body, ct).ConfigureAwait(false);
            if (status is >= 200 and < 300)
            {
                Interlocked.Increment(ref _sent);
                return;
            }
            if (status is >= 400 and < 500 and not 429)
            {
                // A bad key or a body the server refuses will not get better by sending it again.
                if (_loggedRejections.TryAdd(status.Value, true))
                {
                    _logger.LogWarning("FiveHundreds: the server refused an event with {Status}; check Endpoint and Key", status);
                }
                Interlocked.Increment(ref _failed);
                return;
            }
            if (status == 429)
            {
                retryAfter ??= DefaultRetryAfter;
            }
            if (retryAfter is { } pause)
            {
                // The server asked every sender of this client to wait, not just this event.
                PauseUntil(Stopwatch.GetTimestamp() + (long)(pause.TotalSeconds * Stopwatch.Frequency));
            }
            if (attempt >= _options.MaxRetries)
            {
                Interlocked.Increment(ref _failed);
                _logger.LogDebug("FiveHundreds gave up on event {EventId} after {Attempts} attempts", sdkEvent.EventId, attempt + 1);
                return;
            }
            if (retryAfter is null)
            {
                await Task.Delay(Backoff(attempt), ct).ConfigureAwait(false);
            }
        }
    }

    // Status null: no answer (refused, reset, timed out, or not HTTP).
    private async Task<(int? Status, TimeSpan? RetryAfter)> SendOnceAsync(byte[] body, CancellationToken ct)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(_options.SendTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _eventsUri)
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.TryAddWithoutValidation("X-Monolynx-Key", _options.Key);
            using var response = await _httpClientFactory.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, RetryAfter(response.Headers.RetryAfter));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _logger.LogDebug(e, "FiveHundreds could not reach {Endpoint}", _eventsUri);
            return (null, null);
        }
    }

    private async Task WaitWhilePausedAsync(CancellationToken ct)
    {
        long remaining;
        while ((remaining = Interlocked.Read(ref _pausedUntil) - Stopwatch.GetTimestamp()) > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency), ct).ConfigureAwait(false);
        }
    }

    private void PauseUntil(long timestamp)
    {
        long current;
        while (timestamp > (current = Interlocked.Read(ref _pausedUntil))
               && Interlocked.CompareExchange(ref _pausedUntil, timestamp, current) != current)
        {
        }
    }

    private TimeSpan Backoff(int attempt) =>
        _options.RetryBaseDelay * Math.Pow(2, attempt) * (0.75 + Random.Shared.NextDouble() * 0.5);

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    // The endpoint may carry a path (https://host/fivehundreds); a relative or non-HTTP one turns the SDK off
    // rather than failing the app's start.
    private static Uri? EventsUri(Uri endpoint)
    {
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https"))
        {
            return null;
        }
        var root = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        return new Uri(root, "api/v1/events");
    }

    private static string DefaultRelease()
    {
        var entry = Assembly.GetEntryAssembly();
        var version = entry?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? entry?.GetName().Version?.ToString();
        return $"{entry?.GetName().Name ?? "app"}@{version ?? "0.0.0"}";
    }

    private static Dictionary<string, string> ScrubbedEnvironment(SecretScrubber scrubber)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            environment[name] = scrubber.ScrubValue(name, variable.Value as string ?? "");
        }
        return environment;
    }

    private void LogSafely(Exception exception, string message)
    {
        try
        {
            _logger.LogWarning(exception, message);
        }
        catch
        {
            // A failing logger must not carry the SDK's trouble into the app either.
        }
    }
}
