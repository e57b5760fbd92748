using Chimera.Contracts.Model;

namespace Chimera.Contracts.Grains;

/// <summary>
/// One ranked candidate; <see cref="Score"/> is the spec §5 score (higher is better within a status rank).
/// <see cref="Suspect"/>: its status expired while the ingest path was failing (spec §3.6); suspects come after every healthy candidate.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RouteCandidate(
    [property: Id(0)] string InfluencerId,
    [property: Id(1)] InfluencerStatus Status,
    [property: Id(2)] double Load,
    [property: Id(3)] double Confidence,
    [property: Id(4)] double RelevanceScore,
    [property: Id(5)] double Score,
    [property: Id(6)] IReadOnlyList<Capability> Capabilities,
    [property: Id(7)] DateTimeOffset ExpiresAt,
    [property: Id(8)] bool Suspect = false);
