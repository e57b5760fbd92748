using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;

namespace Chimera.Core.Outbound;

/// <summary>
/// Where an influencer grain's views go besides the audit log: the latest-status working set for non-Orleans readers
/// and the OpenClaw announce topic. The latest key follows the liveness rule (<see cref="Contracts.Spec.Liveness"/>):
/// it lives until the status expires (or until a self-preservation hold ends) and is gone or rewritten as stale by then.
/// </summary>
public interface IStatusOutbound
{
    /// <summary>
    /// Writes the latest view (a change, a stale detection, a hold). Implementations may batch; the task completes when
    /// this view, or a newer one of the same influencer, is written.
    /// </summary>
    Task PublishLatestAsync(InfluencerView view, CancellationToken cancellationToken = default);

    /// <summary>
    /// A heartbeat moved the view's expiry: refresh the latest key. Batched with every other refresh (never one round trip
    /// per heartbeat); a refresh that cannot be written is dropped, and the next heartbeat's refresh recreates the key.
    /// </summary>
    void RefreshLatest(InfluencerView view);

    /// <summary>
    /// Publishes the public profile to <c>mcp.perception.openclaw.announce</c> as the envelope <paramref name="announcementId"/>.
    /// Announcements are at least once: a retry of one that may have gone out (its reply was lost) carries the same id,
    /// so consumers drop the copy by id.
    /// </summary>
    Task AnnounceAsync(OpenClawAnnouncement announcement, Guid announcementId, CancellationToken cancellationToken = default);
}
