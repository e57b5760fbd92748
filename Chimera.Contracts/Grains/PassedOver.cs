namespace Chimera.Contracts.Grains;

/// <summary>An influencer the route walk looked at and did not return, with the reason in words (spec §5).</summary>
[GenerateSerializer, Immutable]
public sealed record PassedOver(
    [property: Id(0)] string InfluencerId,
    [property: Id(1)] string Reason);
