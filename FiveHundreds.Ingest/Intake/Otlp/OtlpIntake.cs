namespace FiveHundreds.Ingest.Intake.Otlp;

// What became of one OTLP request's exceptions; Rejected and Reason are its partial-success answer.
public sealed record OtlpOutcome(int Stored, int Rejected, string? Reason);

// Files the exceptions of one OTLP request through the intake's one way in: each takes one event from the
// project's rate limit and is checked, scrubbed, grouped and group-committed like any native event.
public sealed class OtlpIntake(IntakeService intake)
{
    // One request files at most this many exceptions; the rest are answered as rejected.
    public const int MaxEventsPerRequest = 1000;

    public async Task<OtlpOutcome> StoreAsync(IngestProject project, OtlpExceptions exceptions, CancellationToken ct)
    {
        var rejected = exceptions.Overflow;
        var reason = rejected > 0 ? $"At most {MaxEventsPerRequest} exceptions are filed per request." : null;
        var writes = new List<Task<StoredEvent>>(exceptions.Count);
        var rateLimited = false;
        foreach (var body in exceptions.Bodies())
        {
            if (body is null || rateLimited)
            {
                rejected++;
                continue;
            }
            try
            {
                await intake.AdmitAsync(project);
                // All writes of the request wait together, so the group commit takes them in one transaction.
                writes.Add(intake.StoreAsync(project, body, ct));
            }
            catch (Exception ex) when (ex is RateLimitExceededException or QuotaExceededException && writes.Count > 0)
            {
                // The allowance or the day's quota ran out part way: what was admitted is filed, the rest is
                // rejected. A request refused from its first exception is answered 429 as a whole, so the exporter
                // retries it later.
                rateLimited = true;
                rejected++;
                reason = ex is QuotaExceededException ? ex.Message : "The project's rate limit was reached.";
            }
            catch (EventValidationException ex)
            {
                rejected++;
                reason ??= $"{ex.Field}: {ex.Message}";
            }
        }

        var stored = 0;
        Exception? unavailable = null;
        foreach (var write in writes)
        {
            try
            {
                await write;
                stored++;
            }
            catch (Exception ex) when (ex is EventValidationException or EventRejectedException)
            {
                rejected++;
                reason ??= ex.Message;
            }
            catch (DatabaseUnavailableException ex)
            {
                unavailable = ex;
            }
        }
        if (unavailable is not null)
        {
            // Nothing is acknowledged: the exporter retries the batch, and the stable event ids file each exception once.
            throw unavailable;
        }
        return new OtlpOutcome(stored, rejected, reason);
    }
}
