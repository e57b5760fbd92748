namespace Chimera.Contracts.Spec;

/// <summary>
/// Heartbeat interval and TTL as functions of <c>relevance_score</c> (spec §3). The most relevant
/// influencers beat every 30 s, the least every 2 min, linearly between; TTL is twice the interval.
/// On a rate-limited network (<c>conservative</c>) every influencer beats at the slowest rate.
/// </summary>
public static class HeartbeatCadence
{
    /// <summary>Fastest heartbeat (relevance 1.0).</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);

    /// <summary>Slowest heartbeat (relevance 0.0, or a conservative network policy).</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(120);

    /// <summary>How many missed-interval multiples a status lives without a heartbeat.</summary>
    public const int TtlMultiplier = 2;

    /// <summary>The interval an adapter waits between heartbeats; whole seconds.</summary>
    public static TimeSpan Interval(double relevanceScore, bool conservative = false)
    {
        if (conservative)
        {
            return MaxInterval;
        }

        var r = double.IsFinite(relevanceScore) ? Math.Clamp(relevanceScore, 0.0, 1.0) : 0.0;
        var seconds = MaxInterval.TotalSeconds - (r * (MaxInterval.TotalSeconds - MinInterval.TotalSeconds));
        return TimeSpan.FromSeconds(Math.Round(seconds));
    }

    /// <summary>
    /// How long a status stays live after its last heartbeat: 2x the interval (60 s to 4 min). Under the
    /// conservative policy adapters beat every 2 min, so the TTL must follow the same policy or a
    /// compliant influencer would go stale between beats.
    /// </summary>
    public static TimeSpan Ttl(double relevanceScore, bool conservative = false) => Interval(relevanceScore, conservative) * TtlMultiplier;
}
