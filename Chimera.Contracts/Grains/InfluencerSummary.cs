using Chimera.Contracts.Model;

namespace Chimera.Contracts.Grains;

/// <summary>A registry row as the routing index holds it (updated on change, so load may lag by less than the change threshold).</summary>
[GenerateSerializer, Immutable]
public sealed record InfluencerSummary(
    [property: Id(0)] string InfluencerId,
    [property: Id(1)] InfluencerStatus Status,
    [property: Id(2)] bool IsStale,
    [property: Id(3)] double Load,
    [property: Id(4)] double Confidence,
    [property: Id(5)] double RelevanceScore,
    [property: Id(6)] IReadOnlyList<Capability> Capabilities,
    [property: Id(7)] DateTimeOffset ExpiresAt,
    [property: Id(8)] bool IsSuspect = false)
{
    /// <summary>What the influencer last reported; differs from <see cref="Status"/> when stale (then Status is offline).</summary>
    [Id(9)] public InfluencerStatus? ReportedStatus { get; init; }
}
