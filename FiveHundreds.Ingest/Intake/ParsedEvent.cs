using System.Text.Json.Nodes;
using FiveHundreds.TriageApi.Contracts;

namespace FiveHundreds.Ingest.Intake;

// A validated, sanitised and scrubbed event body, ready to be fingerprinted and stored.
public sealed record ParsedEvent(
    Guid? EventId,
    DateTimeOffset? Timestamp,
    string? Platform,
    EventLevel Level,
    string? Message,
    string? Release,
    string? ServerName,
    JsonObject? Exception,
    IReadOnlyList<ExceptionSummary> Chain,
    JsonObject? Request,
    JsonObject? Environment,
    JsonObject? Tags,
    JsonNode? Sdk,
    IReadOnlyList<string>? Fingerprint,
    JsonObject Extra);
