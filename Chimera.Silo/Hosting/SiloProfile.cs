using Chimera.Grains.Hosting;

namespace Chimera.Silo.Hosting;

/// <summary>Which servers this silo runs with, read once from configuration.</summary>
public sealed record SiloProfile(string? PostgresConnectionString, string? RedisConnectionString)
{
    /// <summary>No servers configured: everything in memory, development key trusted.</summary>
    public bool IsEmbedded => PostgresConnectionString is null && RedisConnectionString is null;

    public string Describe() =>
        $"storage={(PostgresConnectionString is null ? "memory" : "postgres")}, streams={(RedisConnectionString is null ? "memory" : "redis")}";

    public static SiloProfile From(IConfiguration configuration) =>
        new(NullIfEmpty(configuration.GetConnectionString("Postgres")), NullIfEmpty(configuration.GetConnectionString("Redis")));

    /// <summary>
    /// The development key is public: the embedded profile trusts it by default so the demo and
    /// <c>chimera publish</c> work out of the box; a silo with real servers refuses it.
    /// </summary>
    public void ApplyDevelopmentKeyPolicy(ProvenanceOptions provenance)
    {
        if (IsEmbedded)
        {
            provenance.TrustDevelopmentKey = provenance.TrustDevelopmentKey || provenance.Adapters.Count == 0;
        }
        else if (provenance.TrustDevelopmentKey)
        {
            throw new InvalidOperationException("Chimera:Provenance:TrustDevelopmentKey is true, but this silo runs with real servers; configure Chimera:Provenance:Adapters instead.");
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
