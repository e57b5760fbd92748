namespace Chimera.Contracts.Grains;

/// <summary>
/// Ranked candidates (best first, at most the requested count) and, for high-cost requests, the probes
/// scheduled for matching influencers that were passed over because their confidence is below 0.5.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RouteResult(
    [property: Id(0)] IReadOnlyList<RouteCandidate> Candidates,
    [property: Id(1)] IReadOnlyList<ProbeTicket> ProbesScheduled,
    [property: Id(2)] int Matched)
{
    /// <summary>
    /// Why each influencer the walk examined was not returned (stale, a capability version too low, low confidence
    /// before high-cost work). Bounded: the walk stops at the requested count, so lower-ranked matches are not examined.
    /// </summary>
    [Id(3)] public IReadOnlyList<PassedOver> PassedOver { get; init; } = [];
}
