namespace Chimera.Contracts.Grains;

/// <summary>
/// The routing pool's answer when an influencer grain finds its status expired (spec §3.6): expire as usual
/// (<see cref="HoldUntil"/> null), or hold it as suspect until <see cref="HoldUntil"/> at the latest because the
/// ingest path is failing for a large share of the fleet.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ExpiryVerdict([property: Id(0)] DateTimeOffset? HoldUntil)
{
    /// <summary>No hold: the status is stale now.</summary>
    public static ExpiryVerdict Expire { get; } = new((DateTimeOffset?)null);

    public bool IsHold => HoldUntil is not null;
}
