namespace Chimera.Bench.Benchmarks;

/// <summary>How an <see cref="IngestRun"/> feeds the silo.</summary>
internal enum IngestMode
{
    /// <summary>The producer XADDs as fast as Redis takes the entries while the silo consumes (the sustained rate).</summary>
    Concurrent,

    /// <summary>Each entry is XADDed at its event time (an offered rate below saturation: XADD-to-applied latency).</summary>
    Paced,

    /// <summary>Every entry is queued while no silo runs; then one starts and drains them (burst after an outage).</summary>
    Backlog,
}
