namespace Chimera.Core.Ingress;

/// <summary>Replay protection of the ingress gate (spec §7.4). Bound from <c>Chimera:Ingress</c>.</summary>
public sealed class IngressOptions
{
    /// <summary>Events older than this (by their timestamp) are rejected as replays. Default 10 minutes: well past the longest TTL (4 min), so a backlog after a short outage still applies.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Events stamped further than this in the future are rejected (clock skew allowance). Default 30 s.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
