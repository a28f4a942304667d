using FiveHundreds.Ingest.Infrastructure;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Intake;

// One event's way in, whichever endpoint it came through: key, rate limit and quotas, body, checks,
// group-committed write. Cheap refusals come first so a flood of bad or excess requests costs little.
public sealed class IntakeService(
    ProjectKeyResolver keys,
    RateLimiter rateLimiter,
    DailyQuota quota,
    EventProcessor processor,
    EventWriter writer,
    IntakeBudget budget,
    ParseSlots parseSlots,
    StorageGuard storage,
    IHttpContextAccessor requests,
    IOptions<IntakeOptions> options)
{
    // The origin is the sending page's (BrowserOrigins.Of), null for server SDKs.
    public async Task<IngestProject> AuthorizeAsync(string? key, string? origin, CancellationToken ct) =>
        await AdmitAsync(FromAllowedOrigin(await ResolveKeyAsync(key, ct), origin));

    // The project of a key, without taking from its allowance: a request that carries no event costs none.
    public async Task<IngestProject> ResolveKeyAsync(string? key, CancellationToken ct) =>
        Attributed(await keys.ResolveAsync(key, ct) ?? throw new UnknownIngestKeyException());

    public async Task<IngestProject> ResolveSentryKeyAsync(string? publicKey, long projectNumber, string? origin, CancellationToken ct) =>
        FromAllowedOrigin(
            Attributed(await keys.ResolveSentryKeyAsync(publicKey, projectNumber, ct) ?? throw new UnknownIngestKeyException(UnknownIngestKeyException.SentryMessage)),
            origin);

    // From here on a refusal of the request counts against the project's drops (DroppedEventFilter).
    private IngestProject Attributed(IngestProject project)
    {
        requests.HttpContext?.Features.Set(new IntakeProjectFeature(project.Id));
        return project;
    }

    private static IngestProject FromAllowedOrigin(IngestProject project, string? origin) =>
        BrowserOrigins.Allows(project.AllowedOrigins, origin) ? project : throw new OriginNotAllowedException(origin!);

    // Takes one event from the project's shared (Redis) per-minute allowance and from its daily quota, whichever
    // endpoint it came through, unless the storage guard refuses every event. A rate-limited event does not
    // count against the quota.
    public async Task<IngestProject> AdmitAsync(IngestProject project)
    {
        storage.ThrowIfRefusing();
        var settings = options.Value;
        var rate = await rateLimiter.AcquireAsync(project.Id, project.RateLimitPerMinute ?? settings.DefaultRateLimitPerMinute);
        if (!rate.Allowed)
        {
            throw new RateLimitExceededException(rate.RetryAfter);
        }
        var events = project.EventsPerDayQuota ?? settings.DefaultEventsPerDay;
        var bytes = project.StoredBytesPerDayQuota ?? settings.DefaultStoredBytesPerDay;
        var day = await quota.AdmitAsync(project.Id, events, bytes);
        return day.Refusal switch
        {
            QuotaRefusal.Events => throw new QuotaExceededException(
                $"This project reached its quota of {events} events for today (UTC); events are accepted again after midnight UTC.", day.RetryAfter),
            QuotaRefusal.StoredBytes => throw new QuotaExceededException(
                $"This project reached its quota of {bytes} stored bytes for today (UTC); events are accepted again after midnight UTC.", day.RetryAfter),
            _ => project,
        };
    }

    // The body's bytes count against the project's share of the intake's memory budget (IntakeBudget.Unkeyed
    // while the key is still unknown) until the request is answered.
    public RequestBodyReader OpenBody(HttpRequest request, Guid projectId) =>
        RequestBodyReader.Open(request, options.Value.MaxBodyBytes, options.Value.MaxBodyReadTime, budget, projectId);

    public Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, IngestProject project) =>
        OpenBody(request, project.Id).ReadToEndAsync();

    public async Task<StoredEvent> StoreAsync(IngestProject project, ReadOnlyMemory<byte> body, CancellationToken ct) =>
        await Counted(project, await writer.WriteAsync(await parseSlots.RunAsync(project.Id, () => processor.Process(project, body), ct), ct));

    // A Sentry event takes the native path once translated: the same checks, scrubbing, grouping and write.
    public async Task<StoredEvent> StoreSentryEventAsync(IngestProject project, ReadOnlyMemory<byte> sentryEvent, string? envelopeEventId, CancellationToken ct) =>
        await Counted(project, await writer.WriteAsync(await parseSlots.RunAsync(project.Id, () => processor.ProcessSentry(project, sentryEvent, envelopeEventId), ct), ct));

    private async Task<StoredEvent> Counted(IngestProject project, StoredEvent stored)
    {
        await quota.AddStoredBytesAsync(project.Id, stored.StoredBytes);
        return stored;
    }
}
