using Chimera.Silo.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Chimera.Silo.Http.Health;

/// <summary>Ready only when Redis answers a PING within the check's time (2 s) on the silo's own connection.</summary>
internal sealed class RedisHealthCheck(SiloProfile profile, IServiceProvider services) : IHealthCheck
{
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (profile.RedisConnectionString is null)
        {
            return HealthCheckResult.Healthy("no Redis configured (in-memory streams)");
        }

        try
        {
            var redis = services.GetRequiredService<IConnectionMultiplexer>();
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis did not answer: {ex.Message}");
        }
    }
}
