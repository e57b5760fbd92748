namespace Chimera.Contracts.Grains;

/// <summary>Counts of status-change rows by new status in [From, To).</summary>
[GenerateSerializer, Immutable]
public sealed record StatusCountsQuery(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To);
