using Chimera.Core.Ingest;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Chimera.Silo.Http.Health;

/// <summary>
/// Ready only while no status receiver of this silo is stalled: each one owned here made a successful read within
/// <see cref="ChimeraHttpOptions.ReceiverStallAfter"/> (reads happen every 100 ms when healthy). Reads the
/// <see cref="IngestHealthMonitor"/> the self-preservation guard is fed from, so both judge the same facts.
/// </summary>
internal sealed class ReceiverHealthCheck(IngestHealthMonitor receivers, IOptions<ChimeraHttpOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var owned = receivers.Partitions;
        if (owned.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no status receiver on this silo (in-memory streams, or none assigned yet)"));
        }

        var threshold = options.Value.ReceiverStallAfter;
        var stalled = receivers.Stalled(threshold);
        return Task.FromResult(stalled.Count == 0
            ? HealthCheckResult.Healthy($"{owned.Count} receiver(s) reading")
            : HealthCheckResult.Unhealthy($"receiver(s) of partition {string.Join(", ", stalled)} made no successful read for over {threshold.TotalSeconds:0} s"));
    }
}
