using System.Collections.Concurrent;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Microsoft.Extensions.Logging;

namespace Chimera.Core.Outbound;

/// <summary>
/// Embedded-profile outbound: the latest views and announcements are kept in memory (expired views are
/// not returned) and announcements are logged, so the demo shows what would go to the OpenClaw mesh.
/// </summary>
public sealed partial class InMemoryStatusOutbound(TimeProvider clock, ILogger<InMemoryStatusOutbound> logger) : IStatusOutbound
{
    private readonly ConcurrentDictionary<string, InfluencerView> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OpenClawAnnouncement> _announced = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _announcements = new(StringComparer.Ordinal);
    private long _announcementCount;

    public long AnnouncementCount => Interlocked.Read(ref _announcementCount);

    /// <summary>The latest view of an influencer, or null once it expired (like a Redis key with a TTL: spec §3.3's rule).</summary>
    public InfluencerView? Latest(string influencerId) =>
        _latest.TryGetValue(influencerId, out var view) && Liveness.KeepFor(view.ExpiresAt, clock.GetUtcNow(), view.SuspectUntil) > TimeSpan.Zero ? view : null;

    /// <summary>The view last published for an influencer, expired or not (what a test needs to see a stale view was written).</summary>
    public InfluencerView? LastPublished(string influencerId) => _latest.GetValueOrDefault(influencerId);

    public OpenClawAnnouncement? LastAnnouncement(string influencerId) => _announced.GetValueOrDefault(influencerId);

    /// <summary>How many announcements were published for <paramref name="influencerId"/>.</summary>
    public int AnnouncementsOf(string influencerId) => _announcements.GetValueOrDefault(influencerId);

    public Task PublishLatestAsync(InfluencerView view, CancellationToken cancellationToken = default)
    {
        _latest[view.InfluencerId] = view;
        return Task.CompletedTask;
    }

    public void RefreshLatest(InfluencerView view) => _latest[view.InfluencerId] = view;

    public Task AnnounceAsync(OpenClawAnnouncement announcement, Guid announcementId, CancellationToken cancellationToken = default)
    {
        _announced[announcement.InfluencerId] = announcement;
        _announcements.AddOrUpdate(announcement.InfluencerId, 1, static (_, n) => n + 1);
        Interlocked.Increment(ref _announcementCount);
        LogAnnounced(announcement.InfluencerId, announcement.DisplayName, string.Join(",", announcement.CapabilitiesPublic), announcement.TrustScore);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "openclaw.announce {InfluencerId} '{DisplayName}' [{Capabilities}] trust {TrustScore}")]
    private partial void LogAnnounced(string influencerId, string displayName, string capabilities, double trustScore);
}
