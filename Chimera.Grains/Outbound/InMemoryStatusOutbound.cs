using System.Collections.Concurrent;
using Chimera.Contracts.Grains;
using Microsoft.Extensions.Logging;

namespace Chimera.Grains.Outbound;

/// <summary>
/// Embedded-profile outbound: the latest views and announcements are kept in memory (expired views are
/// not returned) and announcements are logged, so the demo shows what would go to the OpenClaw mesh.
/// </summary>
public sealed partial class InMemoryStatusOutbound(TimeProvider clock, ILogger<InMemoryStatusOutbound> logger) : IStatusOutbound
{
    private readonly ConcurrentDictionary<string, InfluencerView> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OpenClawAnnouncement> _announced = new(StringComparer.Ordinal);
    private long _announcements;

    public long AnnouncementCount => Interlocked.Read(ref _announcements);

    /// <summary>The latest view of an influencer, or null once it expired (like a Redis key with a TTL).</summary>
    public InfluencerView? Latest(string influencerId) =>
        _latest.TryGetValue(influencerId, out var view) && view.ExpiresAt > clock.GetUtcNow() ? view : null;

    public OpenClawAnnouncement? LastAnnouncement(string influencerId) => _announced.GetValueOrDefault(influencerId);

    public Task PublishLatestAsync(InfluencerView view, CancellationToken cancellationToken = default)
    {
        _latest[view.InfluencerId] = view;
        return Task.CompletedTask;
    }

    public Task AnnounceAsync(OpenClawAnnouncement announcement, CancellationToken cancellationToken = default)
    {
        _announced[announcement.InfluencerId] = announcement;
        Interlocked.Increment(ref _announcements);
        LogAnnounced(announcement.InfluencerId, announcement.DisplayName, string.Join(",", announcement.CapabilitiesPublic), announcement.TrustScore);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "openclaw.announce {InfluencerId} '{DisplayName}' [{Capabilities}] trust {TrustScore}")]
    private partial void LogAnnounced(string influencerId, string displayName, string capabilities, double trustScore);
}
