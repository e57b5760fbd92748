using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Core.Outbound;

namespace Chimera.Grains.Influencers;

/// <summary>Builds the public OpenClaw profile from internal state (spec §6); the only place that decides what leaves the cluster.</summary>
internal static class PublicProfile
{
    public static OpenClawAnnouncement Build(string influencerId, InfluencerState state, AnnounceOptions options) =>
        new(
            influencerId,
            options.DisplayNames.TryGetValue(influencerId, out var name) && !string.IsNullOrWhiteSpace(name) ? name : influencerId,
            PublicCapabilities.Map(state.Capabilities, options.PublicCapabilityAllowList),
            state.LastSeen,
            TrustScore.Compute(state.Confidence, state.ProbesPassed, state.ProbesTotal));

    /// <summary>The announce-relevant part of a profile: everything but last_seen, which moves on every heartbeat.</summary>
    public static string Fingerprint(OpenClawAnnouncement profile, bool live) =>
        string.Join('|', profile.DisplayName, string.Join(',', profile.CapabilitiesPublic), profile.TrustScore.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), live ? "live" : "gone");
}
