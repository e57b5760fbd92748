namespace Chimera.Grains.Hosting;

/// <summary>The heartbeat policy of the network the adapters run on (spec §3). Bound from <c>Chimera:Cadence</c>.</summary>
public sealed class CadenceOptions
{
    /// <summary>
    /// True on mobile or rate-limited networks: adapters beat every 120 s whatever their relevance, so TTLs
    /// must be computed the same way or statuses would age out between on-time heartbeats. Must match the adapters' setting.
    /// </summary>
    public bool Conservative { get; set; }
}
