using System.Collections.Concurrent;
using Chimera.Contracts.Grains;
using Chimera.Core.Hosting;

namespace Chimera.Core.Ingest;

/// <summary>
/// What this silo knows about the ingest partitions it reads (spec §3.6): each receiver notes every poll, every
/// successful read (with how far behind the stream it is) and every failed one; <see cref="Snapshot"/> turns that into
/// the report the routing pool's self-preservation guard judges. Cheap: a few volatile writes per poll, nothing per event.
/// Memory streams register nothing, so a silo without Redis receivers never reports and never triggers the guard.
/// </summary>
public sealed class IngestHealthMonitor
{
    private readonly ConcurrentDictionary<int, Probe> _partitions = new();
    private readonly TimeProvider _clock;
    private int _partitionCount;

    public IngestHealthMonitor(TimeProvider clock) => _clock = clock;

    /// <summary>The receiver of <paramref name="partition"/> (of <paramref name="partitionCount"/>) was asked for entries.</summary>
    public void Polled(int partition, int partitionCount)
    {
        Volatile.Write(ref _partitionCount, partitionCount);
        Volatile.Write(ref ProbeOf(partition).LastPollTicks, _clock.GetUtcNow().UtcTicks);
    }

    /// <summary>A read succeeded, <paramref name="behind"/> the newest entries (zero when it caught up).</summary>
    public void ReadSucceeded(int partition, TimeSpan behind)
    {
        var probe = ProbeOf(partition);
        Volatile.Write(ref probe.FailingSinceTicks, 0);
        Volatile.Write(ref probe.BehindTicks, Math.Max(0, behind.Ticks));
    }

    /// <summary>A read failed (Redis unreachable or refusing).</summary>
    public void ReadFailed(int partition)
    {
        var probe = ProbeOf(partition);
        Interlocked.CompareExchange(ref probe.FailingSinceTicks, _clock.GetUtcNow().UtcTicks, 0);
    }

    /// <summary>The queue moved away from this silo: stop reporting it.</summary>
    public void Released(int partition) => _partitions.TryRemove(partition, out _);

    /// <summary>This silo's report, or null when it reads no partition.</summary>
    public IngestHealthReport? Snapshot(string silo, SelfPreservationOptions options)
    {
        if (_partitions.IsEmpty)
        {
            return null;
        }

        var now = _clock.GetUtcNow().UtcTicks;
        var partitions = new List<PartitionHealth>(_partitions.Count);
        foreach (var (partition, probe) in _partitions)
        {
            var failingSince = Volatile.Read(ref probe.FailingSinceTicks);
            var idle = TimeSpan.FromTicks(now - Volatile.Read(ref probe.LastPollTicks));
            var behind = TimeSpan.FromTicks(Volatile.Read(ref probe.BehindTicks));
            var health = failingSince != 0
                ? new PartitionHealth(partition, true, $"reads failing for {TimeSpan.FromTicks(now - failingSince):g}")
                : idle > options.StuckAfter
                    ? new PartitionHealth(partition, true, $"not polled for {idle:g} (stuck)")
                    : behind > options.LagThreshold
                        ? new PartitionHealth(partition, true, $"{behind:g} behind the stream")
                        : new PartitionHealth(partition, false, "healthy");
            partitions.Add(health);
        }

        partitions.Sort(static (a, b) => a.Partition.CompareTo(b.Partition));
        return new IngestHealthReport(silo, Volatile.Read(ref _partitionCount), partitions);
    }

    private Probe ProbeOf(int partition) => _partitions.GetOrAdd(partition, static _ => new Probe());

    private sealed class Probe
    {
        public long LastPollTicks;
        public long FailingSinceTicks;
        public long BehindTicks;
    }
}
