using System.Collections.Concurrent;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Core.Outbound;

namespace Chimera.Tests.Grains;

/// <summary>
/// An announce sink (over the in-memory outbound) whose next announcements of an influencer fail on demand, and that
/// records every attempt — failed or not — with its envelope id, so a test can tell a retry from a second announcement.
/// </summary>
public sealed class FailingAnnounceSink(InMemoryStatusOutbound inner) : IStatusOutbound
{
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string InfluencerId, Guid AnnouncementId, bool Delivered)> _attempts = new();

    public InMemoryStatusOutbound Inner { get; } = inner;

    /// <summary>The next <paramref name="count"/> announcements of <paramref name="influencerId"/> fail.</summary>
    public void FailNext(string influencerId, int count) => _failures[influencerId] = count;

    /// <summary>Every announce attempt for <paramref name="influencerId"/>, in order.</summary>
    public IReadOnlyList<(Guid AnnouncementId, bool Delivered)> AttemptsOf(string influencerId) =>
        [.. _attempts.Where(a => a.InfluencerId == influencerId).Select(a => (a.AnnouncementId, a.Delivered))];

    public Task PublishLatestAsync(InfluencerView view, CancellationToken cancellationToken = default) => Inner.PublishLatestAsync(view, cancellationToken);

    public void RefreshLatest(InfluencerView view) => Inner.RefreshLatest(view);

    public Task AnnounceAsync(OpenClawAnnouncement announcement, Guid announcementId, CancellationToken cancellationToken = default)
    {
        if (TakeFailure(announcement.InfluencerId))
        {
            _attempts.Enqueue((announcement.InfluencerId, announcementId, false));
            return Task.FromException(new IOException("injected announce failure"));
        }

        _attempts.Enqueue((announcement.InfluencerId, announcementId, true));
        return Inner.AnnounceAsync(announcement, announcementId, cancellationToken);
    }

    private bool TakeFailure(string influencerId)
    {
        while (_failures.TryGetValue(influencerId, out var left) && left > 0)
        {
            if (_failures.TryUpdate(influencerId, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }
}
