using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;

namespace Chimera.Grains.Influencers;

/// <summary>
/// The persisted state of one influencer. Written on change only (spec §4), and only once the audit rows of the changes
/// it includes are durable (spec §9); heartbeats move <see cref="LastSeen"/> in memory and are flushed on deactivation.
/// </summary>
[GenerateSerializer]
[Alias("chimera.influencer-state.v1")]
public sealed class InfluencerState
{
    /// <summary>False until the first event is applied.</summary>
    [Id(0)] public bool Known { get; set; }

    [Id(1)] public InfluencerStatus ReportedStatus { get; set; }

    [Id(2)] public Capability[] Capabilities { get; set; } = [];

    [Id(3)] public string? CurrentTask { get; set; }

    [Id(4)] public double Load { get; set; }

    [Id(5)] public double Confidence { get; set; }

    [Id(6)] public double RelevanceScore { get; set; }

    /// <summary>Timestamp of the newest applied event; TTL runs from here.</summary>
    [Id(7)] public DateTimeOffset LastSeen { get; set; }

    [Id(8)] public string LastEventId { get; set; } = "";

    /// <summary>Ids applied with timestamp == <see cref="LastSeen"/>; older events are ignored by time alone.</summary>
    [Id(9)] public List<string> IdsAtLastSeen { get; set; } = [];

    [Id(10)] public TimeSpan Ttl { get; set; }

    [Id(11)] public DateTimeOffset LastChangeAt { get; set; }

    /// <summary>Load, confidence and relevance as of the last change: the baseline thresholds compare against.</summary>
    [Id(12)] public double BaselineLoad { get; set; }

    [Id(13)] public double BaselineConfidence { get; set; }

    [Id(14)] public double BaselineRelevance { get; set; }

    /// <summary>True once the stale detection for the current <see cref="LastEventId"/> was recorded.</summary>
    [Id(15)] public bool StaleRecorded { get; set; }

    /// <summary>Rises with every routing-index update, so the index can drop overtaken messages.</summary>
    [Id(16)] public long RoutingVersion { get; set; }

    [Id(17)] public ProbeTicket? PendingProbe { get; set; }

    [Id(18)] public int ProbesPassed { get; set; }

    [Id(19)] public int ProbesTotal { get; set; }

    [Id(20)] public ProbeResult? LastProbeResult { get; set; }

    /// <summary>The last announced public profile (capabilities, trust), to announce only when it changes.</summary>
    [Id(21)] public string? AnnouncedProfile { get; set; }

    /// <summary>Whether the durable staleness reminder is registered.</summary>
    [Id(22)] public bool ReminderRegistered { get; set; }

    [Id(23)] public string? Source { get; set; }

    [Id(24)] public AdapterProvenance? Provenance { get; set; }

    [Id(25)] public string? TraceId { get; set; }

    /// <summary>A probe passed since the capabilities last changed (spec §5).</summary>
    [Id(26)] public bool ProbeVerified { get; set; }

    /// <summary>
    /// True when this copy was written on a graceful deactivation, so <see cref="LastSeen"/> is the newest event time.
    /// False when it was written on a change: heartbeats since then were not persisted, so a grain reactivated after a
    /// crash grants the recovery grace of spec §3.5 instead of judging staleness from it.
    /// </summary>
    [Id(27)] public bool LastSeenIsCurrent { get; set; }

    /// <summary>last_seen + TTL (spec §3.3, <see cref="Liveness"/>).</summary>
    public DateTimeOffset ExpiresAt => Liveness.ExpiresAt(LastSeen, Ttl);
}
