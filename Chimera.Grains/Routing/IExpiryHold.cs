namespace Chimera.Grains.Routing;

/// <summary>
/// The self-preservation hold as the routing index sees it (spec §3.6): which expired candidates are suspect rather
/// than stale, and until when. Without one (or while it is not holding) every expired candidate is stale.
/// </summary>
internal interface IExpiryHold
{
    /// <summary>True while a hold is in force; false lets the index skip the per-candidate question.</summary>
    bool IsHolding { get; }

    /// <summary>The end of the hold for a status of <paramref name="influencerId"/> that expired at <paramref name="expiresAt"/>, or null when it is not held.</summary>
    DateTimeOffset? HeldUntil(string influencerId, DateTimeOffset expiresAt, DateTimeOffset now);
}
