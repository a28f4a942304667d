using FiveHundreds.Ingest.Intake.Sentry;
using Microsoft.Extensions.Options;

namespace FiveHundreds.Ingest.Intake;

// One event's way in, whichever endpoint it came through: key, rate limit, body, checks, group-committed write.
// Cheap refusals come first so a flood of bad or excess requests costs little.
public sealed class IntakeService(
    ProjectKeyResolver keys,
    RateLimiter rateLimiter,
    DropCounter drops,
    EventProcessor processor,
    EventWriter writer,
    IOptions<IntakeOptions> options)
{
    // The origin is the sending page's (BrowserOrigins.Of), null for server SDKs.
    public async Task<IngestProject> AuthorizeAsync(string? key, string? origin, CancellationToken ct) =>
        await AdmitAsync(FromAllowedOrigin(await keys.ResolveAsync(key, ct) ?? throw new UnknownIngestKeyException(), origin));

    public async Task<IngestProject> ResolveSentryKeyAsync(string? publicKey, long projectNumber, string? origin, CancellationToken ct) =>
        FromAllowedOrigin(
            await keys.ResolveSentryKeyAsync(publicKey, projectNumber, ct) ?? throw new UnknownIngestKeyException(UnknownIngestKeyException.SentryMessage),
            origin);

    private static IngestProject FromAllowedOrigin(IngestProject project, string? origin) =>
        BrowserOrigins.Allows(project.AllowedOrigins, origin) ? project : throw new OriginNotAllowedException(origin!);

    // Takes one event from the project's shared (Redis) per-minute allowance, whichever endpoint it came through.
    public async Task<IngestProject> AdmitAsync(IngestProject project)
    {
        var decision = await rateLimiter.AcquireAsync(project.Id, project.RateLimitPerMinute ?? options.Value.DefaultRateLimitPerMinute);
        if (!decision.Allowed)
        {
            drops.Record(project.Id);
            throw new RateLimitExceededException(decision.RetryAfter);
        }
        return project;
    }

    public Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken ct) =>
        RequestBodyReader.ReadAsync(request, options.Value.MaxBodyBytes, ct);

    public Task<StoredEvent> StoreAsync(IngestProject project, ReadOnlyMemory<byte> body, CancellationToken ct) =>
        writer.WriteAsync(processor.Process(project.Id, body), ct);

    // A Sentry event takes the native path once translated: the same checks, scrubbing, grouping and write.
    public Task<StoredEvent> StoreSentryEventAsync(IngestProject project, ReadOnlyMemory<byte> sentryEvent, string? envelopeEventId, CancellationToken ct) =>
        StoreAsync(project, SentryEventMapper.ToNative(sentryEvent, options.Value.MaxJsonDepth, envelopeEventId), ct);
}
