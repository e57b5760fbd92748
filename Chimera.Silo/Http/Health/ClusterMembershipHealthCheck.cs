using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chimera.Silo.Http.Health;

/// <summary>Ready only while this silo is Active in the cluster's membership (joined, not joining or shutting down).</summary>
internal sealed class ClusterMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails local) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(local.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"{local.SiloAddress} is active; {active} active silo(s) in the cluster")
            : HealthCheckResult.Unhealthy($"{local.SiloAddress} is {status}, not yet (or no longer) active in the cluster"));
    }
}
