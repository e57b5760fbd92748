using Chimera.Contracts.Model;

namespace Chimera.Contracts.Spec;

/// <summary>
/// The one liveness rule (spec §3.3), applied by every view — the influencer grain (registry), the routing
/// index, the Redis latest-status keys and the announcements — so they cannot disagree:
/// a status reported as anything but <c>offline</c> is <em>live</em> until <c>last_seen + TTL</c> and
/// <em>stale</em> from that instant on (inclusive), unless the bounded self-preservation hold (spec §3.6)
/// marks it <em>suspect</em> until the hold ends. A reported <c>offline</c> is never live, stale or suspect.
/// </summary>
public static class Liveness
{
    /// <summary>When a status seen at <paramref name="lastSeen"/> expires without another event.</summary>
    public static DateTimeOffset ExpiresAt(DateTimeOffset lastSeen, TimeSpan ttl) => lastSeen + ttl;

    /// <summary>True from the expiry instant on.</summary>
    public static bool IsExpired(DateTimeOffset expiresAt, DateTimeOffset now) => now >= expiresAt;

    /// <summary>Reported as anything but offline and not yet expired: routable by liveness (spec §5 adds the status filter).</summary>
    public static bool IsLive(InfluencerStatus reported, DateTimeOffset expiresAt, DateTimeOffset now) =>
        reported != InfluencerStatus.Offline && !IsExpired(expiresAt, now);

    /// <summary>Expired, but held by self-preservation until <paramref name="suspectUntil"/> (spec §3.6).</summary>
    public static bool IsSuspect(InfluencerStatus reported, DateTimeOffset expiresAt, DateTimeOffset now, DateTimeOffset? suspectUntil) =>
        reported != InfluencerStatus.Offline && IsExpired(expiresAt, now) && suspectUntil is { } until && now < until;

    /// <summary>Expired and not held: the effective status is offline.</summary>
    public static bool IsStale(InfluencerStatus reported, DateTimeOffset expiresAt, DateTimeOffset now, DateTimeOffset? suspectUntil = null) =>
        reported != InfluencerStatus.Offline && IsExpired(expiresAt, now) && !(suspectUntil is { } until && now < until);

    /// <summary>The status every view reports: the reported one, or offline once stale.</summary>
    public static InfluencerStatus Effective(InfluencerStatus reported, DateTimeOffset expiresAt, DateTimeOffset now, DateTimeOffset? suspectUntil = null) =>
        IsStale(reported, expiresAt, now, suspectUntil) ? InfluencerStatus.Offline : reported;

    /// <summary>
    /// How long an outside copy of the status (the Redis latest key) may exist from <paramref name="now"/>: until the
    /// expiry, or until a self-preservation hold ends; zero when it must be gone already.
    /// </summary>
    public static TimeSpan KeepFor(DateTimeOffset expiresAt, DateTimeOffset now, DateTimeOffset? suspectUntil = null)
    {
        var until = suspectUntil is { } held && held > expiresAt ? held : expiresAt;
        return until > now ? until - now : TimeSpan.Zero;
    }
}
