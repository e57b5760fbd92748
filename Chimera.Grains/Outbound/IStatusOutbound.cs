using Chimera.Contracts.Grains;

namespace Chimera.Grains.Outbound;

/// <summary>
/// Where an influencer grain's changes go besides the audit log: the latest-status working set for
/// non-Orleans readers (expires at <see cref="InfluencerView.ExpiresAt"/>) and the OpenClaw announce topic.
/// </summary>
public interface IStatusOutbound
{
    /// <summary>Writes the latest view; readers must see it vanish at its expiry.</summary>
    Task PublishLatestAsync(InfluencerView view, CancellationToken cancellationToken = default);

    /// <summary>Publishes the public profile to <c>mcp.perception.openclaw.announce</c>.</summary>
    Task AnnounceAsync(OpenClawAnnouncement announcement, CancellationToken cancellationToken = default);
}
