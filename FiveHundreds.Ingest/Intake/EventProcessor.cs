using System.Text.Json.Nodes;
using FiveHundreds.Ingest.Auth;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Intake;

// The intake's steps between a body and a row: parse and check, scrub, fingerprint, title.
public sealed class EventProcessor(EventParser parser, SecretScrubber scrubber, TimeProvider clock)
{
    private const int MaxSearchTextLength = 4000;

    // Clients' clocks drift; an event from the future is filed at its arrival.
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    public PendingEvent Process(IngestProject project, ReadOnlyMemory<byte> body)
    {
        using var activity = IngestTelemetry.ActivitySource.StartActivity("parse event");
        return Prepare(project, parser.Parse(body));
    }

    public PendingEvent ProcessSentry(IngestProject project, ReadOnlyMemory<byte> sentryEvent, string? envelopeEventId)
    {
        using var activity = IngestTelemetry.ActivitySource.StartActivity("parse Sentry event");
        return Prepare(project, parser.ParseSentry(sentryEvent, envelopeEventId));
    }

    private PendingEvent Prepare(IngestProject project, ParsedEvent unscrubbed)
    {
        // Scrubbed here, once, after native parsing or Sentry mapping: every SDK's event gets the same rule.
        var parsed = scrubber.With(project.ScrubNames).Scrub(unscrubbed, project.StoreIpAddresses);
        var receivedAt = clock.GetUtcNow();
        var occurredAt = parsed.Timestamp is { } t && t <= receivedAt + AllowedClockSkew ? t : receivedAt;

        var title = IssueTitle.For(parsed.Chain, parsed.Message);
        var culprit = IssueTitle.CulpritFor(parsed.Chain);
        var searchText = IssueTitle.SearchTextFor(title, culprit, parsed.Chain, parsed.Message);

        return new PendingEvent(
            ProjectId: project.Id,
            EventId: parsed.EventId ?? Guid.CreateVersion7(),
            OccurredAt: occurredAt,
            ReceivedAt: receivedAt,
            Platform: parsed.Platform,
            Level: parsed.Level,
            Message: parsed.Message,
            Release: parsed.Release,
            ServerName: parsed.ServerName,
            Fingerprint: FingerprintCalculator.Compute(parsed.Chain, parsed.Message, parsed.Fingerprint),
            Title: title,
            Culprit: culprit,
            SearchText: searchText.Length > MaxSearchTextLength ? searchText[..MaxSearchTextLength] : searchText,
            Sdk: parsed.Sdk?.ToJsonString(),
            Exception: parsed.Exception?.ToJsonString(),
            Request: parsed.Request?.ToJsonString(),
            Environment: parsed.Environment?.ToJsonString(),
            Tags: parsed.Tags?.ToJsonString(),
            Extra: parsed.Extra.Count == 0 ? null : parsed.Extra.ToJsonString(),
            User: IssueAggregates.UserOf(parsed.Extra),
            Facets: IssueAggregates.FacetsOf(parsed.Release, parsed.ServerName, parsed.Tags, parsed.Extra, parsed.Request));
    }

    // A bug reported by hand: one event whose message is the description, grouped by its title.
    public static PendingEvent ManualReport(Guid projectId, string title, string? description, EventLevel level, DateTimeOffset now, Actor reportedBy) =>
        new(ProjectId: projectId,
            EventId: Guid.CreateVersion7(),
            OccurredAt: now,
            ReceivedAt: now,
            Platform: "manual",
            Level: level,
            Message: description ?? title,
            Release: null,
            ServerName: null,
            Fingerprint: FingerprintCalculator.Compute([], null, ["manual", title]),
            Title: title,
            Culprit: null,
            SearchText: string.Join('\n', title, description),
            Sdk: null,
            Exception: null,
            Request: null,
            Environment: null,
            Tags: null,
            Extra: new JsonObject { ["reported_by_hand"] = true }.ToJsonString(),
            ReportedBy: reportedBy);
}
