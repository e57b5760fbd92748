using Chimera.Contracts.Spec;

namespace Chimera.Core.Hosting;

/// <summary>
/// Bounded self-preservation (spec §3.6): when the ingest path fails for a large share of the fleet, hold the expiries it
/// causes instead of declaring healthy influencers gone. Bound from <c>Chimera:SelfPreservation</c>; validated at start-up.
/// </summary>
public sealed class SelfPreservationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Chimera:SelfPreservation";

    /// <summary>Whether the guard may hold at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A mass expiry is more than this share of the influencers live when ingest started failing, all on failing
    /// partitions (so all of them would expire within their TTL). Default 0.2 (20 %).
    /// </summary>
    public double ExpiringShare { get; set; } = 0.2;

    /// <summary>The longest a hold lasts; after it held influencers expire as usual. Default 2x the longest TTL (8 minutes).</summary>
    public TimeSpan MaxHold { get; set; } = HeartbeatCadence.Ttl(0.0) * 2;

    /// <summary>How long ingest must be healthy again before a hold ends (re-deliveries drain meanwhile). Default 10 s.</summary>
    public TimeSpan RecoveryGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each silo reports the health of the partitions it reads. Default 1 s.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A partition nobody reported healthy for this long counts as failing (its reader died or is stuck). Default 5 s.</summary>
    public TimeSpan ReportTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A partition whose receiver was not polled for this long is stuck (the pipeline behind it does not move). Default 10 s.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A partition read this far behind the newest entries is lagging, and counts as failing. Default 10 s.</summary>
    public TimeSpan LagThreshold { get; set; } = TimeSpan.FromSeconds(10);
}
