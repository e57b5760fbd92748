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
    /// The development key is public: the embedded profile trusts it by default (no keys configured) so the demo and
    /// <c>chimera publish</c> work out of the box. With real servers nothing is turned on here, and the keyring
    /// itself refuses the key (<see cref="ProvenanceOptions.BuildKeyring"/>, spec §7.4).
    /// </summary>
    public void ApplyDevelopmentKeyPolicy(ProvenanceOptions provenance)
    {
        if (IsEmbedded)
        {
            provenance.TrustDevelopmentKey = provenance.TrustDevelopmentKey || provenance.Adapters.Count == 0;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
