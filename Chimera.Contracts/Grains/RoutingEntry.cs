using Chimera.Contracts.Model;

namespace Chimera.Contracts.Grains;

/// <summary>
/// What an influencer grain tells the routing index on a change. <see cref="Version"/> rises with every
/// update from the same influencer, so an update that overtakes another is not undone by it.
/// <see cref="ProbeVerified"/>: a probe passed since the capabilities last changed (spec §5), so a
/// low-confidence influencer may take high-cost work.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RoutingEntry(
    [property: Id(0)] string InfluencerId,
    [property: Id(1)] long Version,
    [property: Id(2)] InfluencerStatus Status,
    [property: Id(3)] IReadOnlyList<Capability> Capabilities,
    [property: Id(4)] double Load,
    [property: Id(5)] double Confidence,
    [property: Id(6)] double RelevanceScore,
    [property: Id(7)] DateTimeOffset ExpiresAt,
    [property: Id(8)] bool ProbePending,
    [property: Id(9)] bool ProbeVerified);
