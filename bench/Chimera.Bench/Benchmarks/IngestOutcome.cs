namespace Chimera.Bench.Benchmarks;

/// <summary>
/// What one Chimera ingest run measured and proved. <see cref="ExtraChanges"/>: changes applied beyond those the
/// workload sent (a duplicated effect or a phantom change: an influencer declared stale while its events were still
/// queued, then brought back by them); <see cref="StaleDetections"/>: the workload keeps every influencer well inside
/// its TTL, so every one is a phantom.
/// </summary>
internal sealed record IngestOutcome(
    string Profile,
    long Total,
    long Applied,
    double Seconds,
    double ProducerSeconds,
    double SteadyPerSecond,
    long WrongLastEvent,
    long Pending,
    long Changes,
    long ExpectedChanges,
    long Heartbeats,
    long Ignored,
    long Rejected,
    long StaleDetections,
    long AuditChangeRows,
    long AuditStaleRows,
    double ProcessCpuSeconds,
    double RedisCpuSeconds,
    double WallSeconds,
    Infrastructure.Percentiles? Lag)
{
    /// <summary>Backlog mode: seconds the silo took to start (within <see cref="Seconds"/>).</summary>
    public double SiloStartSeconds { get; init; }

    /// <summary>Seconds from the clock's start to the first applied event.</summary>
    public double FirstAppliedSeconds { get; init; }

    /// <summary>Rate from the first applied event to the last (start-up and first contact excluded).</summary>
    public double PerSecondAfterFirstApply { get; init; }

    /// <summary>PostgreSQL commits in the run's database over the run (verification reads included; they commit nothing).</summary>
    public long PostgresCommits { get; init; }

    /// <summary>Rows inserted, updated or deleted in the run's database over the run.</summary>
    public long PostgresRows { get; init; }

    /// <summary>WAL bytes the PostgreSQL server wrote over the run.</summary>
    public long PostgresWalBytes { get; init; }

    /// <summary>Bytes Redis received plus sent over the run (producer, silo, acknowledgements, views).</summary>
    public long RedisNetworkBytes { get; init; }

    public double PerSecond => Applied / Seconds;

    public long Lost => Math.Max(0, Total - Applied);

    /// <summary>Applies counted beyond the entries sent: an event applied twice (a redelivery not recognised as one).</summary>
    public long AppliedTwice => Math.Max(0, Applied - Total);

    public long ExtraChanges => Math.Max(0, Changes - ExpectedChanges);

    public double CpuMicrosPerEvent => ProcessCpuSeconds * 1e6 / Math.Max(1, Applied);

    public bool ZeroLoss => Lost == 0 && WrongLastEvent == 0 && Pending == 0;
}
