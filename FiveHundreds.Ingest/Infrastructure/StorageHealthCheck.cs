using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FiveHundreds.Ingest.Infrastructure;

// While the storage guard refuses events the ingest still serves the triage API, so it is degraded, not unhealthy.
public sealed class StorageHealthCheck(StorageGuard guard) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(guard.Refusal is { } reason ? HealthCheckResult.Degraded(reason) : HealthCheckResult.Healthy());
}
