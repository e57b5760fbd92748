using System.Collections.Concurrent;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Core.Outbound;

namespace Chimera.Tests.Grains;

/// <summary>An <see cref="IStatusOutbound"/> over the in-memory one whose latest-key writes and announcements fail on demand, per influencer.</summary>
public sealed class FlakyStatusOutbound(InMemoryStatusOutbound inner) : IStatusOutbound
{
    private readonly ConcurrentDictionary<string, int> _latestFailures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _announceFailures = new(StringComparer.Ordinal);

    public InMemoryStatusOutbound Inner { get; } = inner;

    /// <summary>The next <paramref name="latest"/> latest-key writes and <paramref name="announcements"/> announcements of the influencer fail.</summary>
    public void Fail(string influencerId, int latest, int announcements)
    {
        _latestFailures[influencerId] = latest;
        _announceFailures[influencerId] = announcements;
    }

    public Task PublishLatestAsync(InfluencerView view, CancellationToken cancellationToken = default) =>
        Take(_latestFailures, view.InfluencerId) ? Task.FromException(new IOException("injected latest-key failure")) : Inner.PublishLatestAsync(view, cancellationToken);

    public void RefreshLatest(InfluencerView view) => Inner.RefreshLatest(view);

    public Task AnnounceAsync(OpenClawAnnouncement announcement, Guid announcementId, CancellationToken cancellationToken = default) =>
        Take(_announceFailures, announcement.InfluencerId) ? Task.FromException(new IOException("injected announce failure")) : Inner.AnnounceAsync(announcement, announcementId, cancellationToken);

    private static bool Take(ConcurrentDictionary<string, int> failures, string influencerId)
    {
        while (failures.TryGetValue(influencerId, out var left) && left > 0)
        {
            if (failures.TryUpdate(influencerId, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }
}
