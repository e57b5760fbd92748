namespace Chimera.Grains.Routing;

/// <summary>Spec §5 order: online before idle, then score (high first), then confidence (high first), then id.</summary>
internal sealed class CandidateRankComparer : IComparer<RoutingCandidate>
{
    public static CandidateRankComparer Instance { get; } = new();

    public int Compare(RoutingCandidate? x, RoutingCandidate? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var byStatus = x.StatusRank.CompareTo(y.StatusRank);
        if (byStatus != 0)
        {
            return byStatus;
        }

        var byScore = y.Score.CompareTo(x.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byConfidence = y.Confidence.CompareTo(x.Confidence);
        return byConfidence != 0 ? byConfidence : string.CompareOrdinal(x.InfluencerId, y.InfluencerId);
    }
}
