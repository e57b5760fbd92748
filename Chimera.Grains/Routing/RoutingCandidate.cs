using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;

namespace Chimera.Grains.Routing;

/// <summary>One influencer in the routing index. Mutable only through <see cref="RoutingIndex"/>, which re-sorts it.</summary>
internal sealed class RoutingCandidate(string influencerId)
{
    public string InfluencerId { get; } = influencerId;

    public long Version { get; set; }

    public InfluencerStatus Status { get; set; }

    public Capability[] Capabilities { get; set; } = [];

    public double Load { get; set; }

    public double Confidence { get; set; }

    public double RelevanceScore { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset ProbePendingUntil { get; set; }

    public bool ProbeVerified { get; set; }

    /// <summary>Set by the sweep once the lease expired; the reported status is kept, so views can say "stale; last reported busy".</summary>
    public bool Swept { get; set; }

    /// <summary>Spec §5: 0.7 x (1 - load) + 0.3 x relevance; higher ranks first within a status.</summary>
    public double Score { get; set; }

    /// <summary>Online ranks before idle; other statuses are not routable.</summary>
    public int StatusRank => Status == InfluencerStatus.Online ? 0 : 1;

    public bool IsRoutable => !Swept && Status is InfluencerStatus.Online or InfluencerStatus.Idle;

    public bool IsStale(DateTimeOffset now) => Status != InfluencerStatus.Offline && (Swept || now >= ExpiresAt);

    public InfluencerStatus EffectiveStatus(DateTimeOffset now) => IsStale(now) ? InfluencerStatus.Offline : Status;

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

    public RouteCandidate ToRouteCandidate() =>
        new(InfluencerId, Status, Load, Confidence, RelevanceScore, Score, Capabilities, ExpiresAt);

    public InfluencerSummary ToSummary(DateTimeOffset now) =>
        new(InfluencerId, EffectiveStatus(now), IsStale(now), Load, Confidence, RelevanceScore, Capabilities, ExpiresAt) { ReportedStatus = Status };
}
