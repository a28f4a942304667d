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
    public async Task<IngestProject> AuthorizeAsync(string? key, CancellationToken ct)
    {
        var project = await keys.ResolveAsync(key, ct) ?? throw new UnknownIngestKeyException();
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
}
