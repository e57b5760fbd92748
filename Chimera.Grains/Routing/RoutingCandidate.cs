using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;

namespace Chimera.Grains.Routing;

/// <summary>
/// One influencer in the routing index. Mutable only through <see cref="RoutingIndex"/>, which re-sorts it.
/// <see cref="Status"/> is always the status the grain last reported: expiry is applied by <see cref="Liveness"/> at
/// read time and never written back, so a lease renewal after a sweep can make the candidate routable again (spec §5).
/// </summary>
internal sealed class RoutingCandidate(string influencerId)
{
    public string InfluencerId { get; } = influencerId;

    public long Version { get; set; }

    /// <summary>The reported status of the grain's newest routing entry.</summary>
    public InfluencerStatus Status { get; set; }

    public Capability[] Capabilities { get; set; } = [];

    public double Load { get; set; }

    public double Confidence { get; set; }

    public double RelevanceScore { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset ProbePendingUntil { get; set; }

    public bool ProbeVerified { get; set; }

    /// <summary>In the routable sorted sets. A sweep unlinks expired candidates; a renewal or an upsert links them again.</summary>
    public bool Linked { get; set; }

    /// <summary>The rank score within a status (<see cref="RouteRules.Score"/>, spec §5).</summary>
    public double Score { get; set; }

    /// <summary>Online ranks before idle; other statuses are not routable.</summary>
    public int StatusRank => Status == InfluencerStatus.Online ? 0 : 1;

    /// <summary>The reported status is one that may take work (online or idle).</summary>
    public bool IsRoutable => Status is InfluencerStatus.Online or InfluencerStatus.Idle;

    public bool IsExpired(DateTimeOffset now) => Status != InfluencerStatus.Offline && Liveness.IsExpired(ExpiresAt, now);

    public bool IsStale(DateTimeOffset now, DateTimeOffset? suspectUntil = null) => Liveness.IsStale(Status, ExpiresAt, now, suspectUntil);

    public InfluencerStatus EffectiveStatus(DateTimeOffset now, DateTimeOffset? suspectUntil = null) => Liveness.Effective(Status, ExpiresAt, now, suspectUntil);

    public bool SatisfiesAll(IReadOnlyList<Capability> required)
    {
        foreach (var need in required)
        {
            var served = false;
            foreach (var have in Capabilities)
            {
                if (have.Satisfies(need))
                {
                    served = true;
                    break;
                }
            }

            if (!served)
            {
                return false;
            }
        }

        return true;
    }

    public RouteCandidate ToRouteCandidate(bool suspect = false) =>
        new(InfluencerId, Status, Load, Confidence, RelevanceScore, Score, Capabilities, ExpiresAt, suspect);

    public InfluencerSummary ToSummary(DateTimeOffset now, DateTimeOffset? suspectUntil) =>
        new(InfluencerId, EffectiveStatus(now, suspectUntil), IsStale(now, suspectUntil), Load, Confidence, RelevanceScore, Capabilities, ExpiresAt,
            Liveness.IsSuspect(Status, ExpiresAt, now, suspectUntil)) { ReportedStatus = Status };
}
