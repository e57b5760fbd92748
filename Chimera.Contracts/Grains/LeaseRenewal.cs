namespace Chimera.Contracts.Grains;

/// <summary>A heartbeat's only effect on the routing index: the entry's expiry moves to <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer, Immutable]
public readonly record struct LeaseRenewal(
    [property: Id(0)] string InfluencerId,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTimeOffset ExpiresAt);
