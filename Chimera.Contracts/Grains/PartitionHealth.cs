namespace Chimera.Contracts.Grains;

/// <summary>
/// How one status partition's ingest looks from the silo reading it (spec §3.6): failing when its reads fail (Redis
/// unreachable), when it has not been polled for a while (the pipeline behind it is stuck), or when it lags behind the
/// stream by more than the lag threshold. <see cref="Reason"/> says which, for the log line.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PartitionHealth(
    [property: Id(0)] int Partition,
    [property: Id(1)] bool Failing,
    [property: Id(2)] string Reason);
