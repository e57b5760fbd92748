using Chimera.Redis.Streams;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Chimera.Silo.Http.Health;

/// <summary>
/// Ready only while no status receiver of this silo is stalled: each one owned here made a successful read within
/// <see cref="ChimeraHttpOptions.ReceiverStallAfter"/> (reads happen every 100 ms when healthy).
/// </summary>
internal sealed class ReceiverHealthCheck(IServiceProvider services, IOptions<ChimeraHttpOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ReceiverHealth>() is not { } receivers)
        {
            return Task.FromResult(HealthCheckResult.Healthy("no Redis receivers (in-memory streams)"));
        }

        // The receivers stamp their reads with the pulling agents' clock; compare on the same one.
        var clock = services.GetKeyedService<TimeProvider>(StreamingTimeProviderNames.Streaming) ?? TimeProvider.System;
        var threshold = options.Value.ReceiverStallAfter;
        var owned = receivers.Snapshot();
        var stalled = receivers.Stalled(clock.GetUtcNow(), threshold);
        return Task.FromResult(stalled.Count == 0
            ? HealthCheckResult.Healthy($"{owned.Count} receiver(s) reading")
            : HealthCheckResult.Unhealthy($"receiver(s) of partition {string.Join(", ", stalled)} made no successful read for over {threshold.TotalSeconds:0} s"));
    }
}
