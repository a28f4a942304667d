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
    IntakeBudget budget,
    ParseSlots parseSlots,
    IOptions<IntakeOptions> options)
{
    // The origin is the sending page's (BrowserOrigins.Of), null for server SDKs.
    public async Task<IngestProject> AuthorizeAsync(string? key, string? origin, CancellationToken ct) =>
        await AdmitAsync(FromAllowedOrigin(await keys.ResolveAsync(key, ct) ?? throw new UnknownIngestKeyException(), origin));

    // The project of a key, without taking from its allowance: a request that carries no event costs none.
    public async Task<IngestProject> ResolveKeyAsync(string? key, CancellationToken ct) =>
        await keys.ResolveAsync(key, ct) ?? throw new UnknownIngestKeyException();

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

    // The body's bytes count against the project's share of the intake's memory budget (IntakeBudget.Unkeyed
    // while the key is still unknown) until the request is answered.
    public RequestBodyReader OpenBody(HttpRequest request, Guid projectId) =>
        RequestBodyReader.Open(request, options.Value.MaxBodyBytes, options.Value.MaxBodyReadTime, budget, projectId);

    public Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, IngestProject project) =>
        OpenBody(request, project.Id).ReadToEndAsync();

    public async Task<StoredEvent> StoreAsync(IngestProject project, ReadOnlyMemory<byte> body, CancellationToken ct) =>
        await writer.WriteAsync(await parseSlots.RunAsync(project.Id, () => processor.Process(project, body), ct), ct);

    // A Sentry event takes the native path once translated: the same checks, scrubbing, grouping and write.
    public async Task<StoredEvent> StoreSentryEventAsync(IngestProject project, ReadOnlyMemory<byte> sentryEvent, string? envelopeEventId, CancellationToken ct) =>
        await writer.WriteAsync(await parseSlots.RunAsync(project.Id, () => processor.ProcessSentry(project, sentryEvent, envelopeEventId), ct), ct);
}
