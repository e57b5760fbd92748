namespace Chimera.Bench.Benchmarks;

/// <summary>What the etcd peer did with the workload: every event is one PUT (a change) or one KeepAlive (a heartbeat).</summary>
internal sealed record EtcdOutcome(long Events, double Seconds, long Grants, long Puts, long KeepAlives, double EtcdCpuSeconds)
{
    public double PerSecond => (Puts + KeepAlives) / Seconds;

    public bool Complete => Puts + KeepAlives == Events;
}
