using System.Collections.Concurrent;
using Chimera.Contracts.Grains;
using Chimera.Core.Hosting;

namespace Chimera.Core.Ingest;

/// <summary>
/// What this silo knows about the ingest partitions it reads, kept once for both of its readers: each receiver notes
/// its start, every poll, every successful read (with how far behind the stream it is) and every failed one.
/// <see cref="Snapshot"/> turns that into the report the routing pool's self-preservation guard judges (spec §3.6);
/// <see cref="Stalled"/> is what <c>/health/ready</c> refuses on (a receiver with no successful read for too long) and
/// <see cref="Partitions"/> what the pending-entries gauge samples. Cheap: a few volatile writes per poll, nothing per
/// event. Times are the pulling agents' clock (the one the host registers it with), never the domain clock. Memory
/// streams register nothing, so a silo without Redis receivers never reports, never triggers the guard and is never
/// stalled.
/// </summary>
public sealed class IngestHealthMonitor
{
    private readonly ConcurrentDictionary<int, Probe> _partitions = new();
    private readonly TimeProvider _clock;
    private int _partitionCount;

    public IngestHealthMonitor(TimeProvider clock) => _clock = clock;

    /// <summary>
    /// The receiver of <paramref name="partition"/> (of <paramref name="partitionCount"/>) started. A start counts as
    /// progress, so a receiver that never manages a read becomes stalled after the threshold, not at once.
    /// </summary>
    public void Started(int partition, int partitionCount)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        Volatile.Write(ref _partitionCount, partitionCount);
        var probe = ProbeOf(partition);
        Volatile.Write(ref probe.LastPollTicks, now);
        Volatile.Write(ref probe.LastReadTicks, now);
    }

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
        Volatile.Write(ref probe.LastReadTicks, _clock.GetUtcNow().UtcTicks);
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

    /// <summary>The partitions this silo reads now.</summary>
    public IReadOnlyList<int> Partitions => [.. _partitions.Keys.Order()];

    /// <summary>Partitions whose last successful read (or start) is older than <paramref name="threshold"/>.</summary>
    public IReadOnlyList<int> Stalled(TimeSpan threshold)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        return [.. _partitions.Where(p => now - Volatile.Read(ref p.Value.LastReadTicks) > threshold.Ticks).Select(p => p.Key).Order()];
    }

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

    // A partition first heard of counts as just read: stalled only once it goes without a read for the threshold.
    private Probe ProbeOf(int partition) =>
        _partitions.GetOrAdd(partition, static (_, clock) => new Probe { LastReadTicks = clock.GetUtcNow().UtcTicks }, _clock);

    private sealed class Probe
    {
        public long LastPollTicks;
        public long LastReadTicks;
        public long FailingSinceTicks;
        public long BehindTicks;
    }
}
