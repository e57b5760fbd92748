using Chimera.Contracts.Model;

namespace Chimera.Contracts.Grains;

/// <summary>
/// What Chimera knows about one influencer, with the liveness rule (<see cref="Spec.Liveness"/>, spec §3.3)
/// applied at read time: when <see cref="IsStale"/> is true, <see cref="Status"/> is
/// <see cref="InfluencerStatus.Offline"/> whatever was last reported (<see cref="ReportedStatus"/>); when
/// <see cref="IsSuspect"/> is true the status expired while the ingest path was failing and is held (spec §3.6).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InfluencerView
{
    [Id(0)] public required string InfluencerId { get; init; }

    /// <summary>The effective status: the reported one, or offline once stale.</summary>
    [Id(1)] public required InfluencerStatus Status { get; init; }

    /// <summary>The status of the last applied event.</summary>
    [Id(2)] public required InfluencerStatus ReportedStatus { get; init; }

    /// <summary>True when no heartbeat arrived within the TTL (last_seen + TTL is past).</summary>
    [Id(3)] public required bool IsStale { get; init; }

    [Id(4)] public required IReadOnlyList<Capability> Capabilities { get; init; }

    [Id(5)] public string? CurrentTask { get; init; }

    [Id(6)] public required double Load { get; init; }

    [Id(7)] public required double Confidence { get; init; }

    [Id(8)] public required double RelevanceScore { get; init; }

    /// <summary>Time of the newest applied event (heartbeat or change).</summary>
    [Id(9)] public required DateTimeOffset LastSeen { get; init; }

    /// <summary>When the status goes stale without another heartbeat: <see cref="LastSeen"/> + <see cref="Ttl"/>.</summary>
    [Id(10)] public required DateTimeOffset ExpiresAt { get; init; }

    [Id(11)] public required TimeSpan HeartbeatInterval { get; init; }

    [Id(12)] public required TimeSpan Ttl { get; init; }

    /// <summary>Id of the newest applied event.</summary>
    [Id(13)] public required string LastEventId { get; init; }

    /// <summary>When the last change (not heartbeat) was applied.</summary>
    [Id(14)] public required DateTimeOffset LastChangeAt { get; init; }

    /// <summary>The open probe, if one is scheduled and not yet answered.</summary>
    [Id(15)] public ProbeTicket? PendingProbe { get; init; }

    [Id(16)] public required int ProbesPassed { get; init; }

    [Id(17)] public required int ProbesTotal { get; init; }

    /// <summary>The public trust score (spec §6.3).</summary>
    [Id(18)] public required double TrustScore { get; init; }

    /// <summary>The last probe's outcome, if any.</summary>
    [Id(19)] public ProbeResult? LastProbeResult { get; init; }

    /// <summary>
    /// Expired while the ingest path was failing: self-preservation holds it (spec §3.6) until
    /// <see cref="SuspectUntil"/> at the latest. Its <see cref="Status"/> stays the reported one; routing ranks it last.
    /// </summary>
    [Id(20)] public bool IsSuspect { get; init; }

    /// <summary>The latest end of the self-preservation hold of a suspect status; null otherwise.</summary>
    [Id(21)] public DateTimeOffset? SuspectUntil { get; init; }
}
