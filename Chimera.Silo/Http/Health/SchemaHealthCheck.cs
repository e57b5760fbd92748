using Chimera.Postgres.Hosting;
using Chimera.Silo.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chimera.Silo.Http.Health;

/// <summary>Ready only when PostgreSQL answers and its schema is the one this build expects (no pending migration).</summary>
internal sealed class SchemaHealthCheck(SiloProfile profile) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (profile.PostgresConnectionString is not { } connectionString)
        {
            return HealthCheckResult.Healthy("no PostgreSQL configured (embedded profile)");
        }

        try
        {
            var state = await ChimeraPostgresSchema.CheckAsync(connectionString, cancellationToken).ConfigureAwait(false);
            return state.IsCurrent
                ? HealthCheckResult.Healthy($"schema version {state.CurrentVersion} is current")
                : HealthCheckResult.Unhealthy($"{state}; run `chimera-silo migrate`");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL did not answer: {ex.Message}");
        }
    }
}
