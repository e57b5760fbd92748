using Chimera.Contracts.Provenance;

namespace Chimera.Grains.Hosting;

/// <summary>The adapter keyring (spec §7.3). Bound from <c>Chimera:Provenance</c>.</summary>
public sealed class ProvenanceOptions
{
    /// <summary>Adapter keys the silo trusts.</summary>
    public List<TrustedAdapterKeyOptions> Adapters { get; set; } = [];

    /// <summary>
    /// Trust the public development key (<see cref="DevelopmentKeys"/>). The silo turns this on only in the
    /// embedded profile; a silo with Redis or PostgreSQL configured refuses to start with it.
    /// </summary>
    public bool TrustDevelopmentKey { get; set; }

    /// <summary>Builds the keyring; throws with the offending setting named.</summary>
    public AdapterKeyring BuildKeyring()
    {
        var keys = new List<AdapterKey>();
        for (var i = 0; i < Adapters.Count; i++)
        {
            keys.Add(Adapters[i].ToKey($"Chimera:Provenance:Adapters:{i}"));
        }

        if (TrustDevelopmentKey)
        {
            keys.Add(DevelopmentKeys.Key);
        }

        if (keys.Count == 0)
        {
            throw new InvalidOperationException("No adapter keys are configured, so every status event would be rejected. Set Chimera:Provenance:Adapters (see README, 'Adapter keys').");
        }

        return new AdapterKeyring(keys);
    }
}
