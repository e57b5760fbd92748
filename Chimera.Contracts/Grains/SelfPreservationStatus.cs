namespace Chimera.Contracts.Grains;

/// <summary>
/// The bounded self-preservation hold of a routing pool (spec §3.6), for operators and tests: whether it holds, since
/// and until when, why, over which partitions, how many influencers it holds as suspect, and which partitions the
/// pool currently considers failing (of <see cref="PartitionsReported"/> ever reported).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SelfPreservationStatus(
    [property: Id(0)] bool Holding,
    [property: Id(1)] DateTimeOffset? Since,
    [property: Id(2)] DateTimeOffset? Until,
    [property: Id(3)] string? Reason,
    [property: Id(4)] IReadOnlyList<int> Scope,
    [property: Id(5)] int Suspects,
    [property: Id(6)] IReadOnlyList<int> FailingPartitions,
    [property: Id(7)] int Holds,
    [property: Id(8)] int PartitionsReported);
