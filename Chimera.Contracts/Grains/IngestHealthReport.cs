namespace Chimera.Contracts.Grains;

/// <summary>One silo's view of the partitions it reads, sent to the routing pool about once a second (spec §3.6).</summary>
[GenerateSerializer, Immutable]
public sealed record IngestHealthReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] int PartitionCount,
    [property: Id(2)] IReadOnlyList<PartitionHealth> Partitions);
