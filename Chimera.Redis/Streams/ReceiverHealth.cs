using System.Collections.Concurrent;

namespace Chimera.Redis.Streams;

/// <summary>
/// What this silo's status receivers last achieved, for <c>/health/ready</c> ("no receiver stalled") and the
/// pending-entries gauge. A receiver reports each successful read (the pulling agent calls it every 100 ms
/// when healthy, reads that return nothing included), so a receiver whose last read is old is stuck:
/// Redis failing for it, or the agent blocked on a delivery that does not finish.
/// Times are the pulling agents' clock, never the domain clock.
/// </summary>
public sealed class ReceiverHealth
{
    private readonly ConcurrentDictionary<int, DateTimeOffset> _lastRead = new();

    /// <summary>The partitions this silo reads now, with the time of each one's last successful read.</summary>
    public IReadOnlyDictionary<int, DateTimeOffset> Snapshot() => new Dictionary<int, DateTimeOffset>(_lastRead);

    // A start counts as progress, so a receiver that never managed a read becomes stalled after the threshold, not at once.
    internal void Started(int partition, DateTimeOffset at) => _lastRead[partition] = at;

    internal void Read(int partition, DateTimeOffset at) => _lastRead[partition] = at;

    internal void Stopped(int partition) => _lastRead.TryRemove(partition, out _);

    /// <summary>Partitions whose last successful read is older than <paramref name="threshold"/> at <paramref name="now"/>.</summary>
    public IReadOnlyList<int> Stalled(DateTimeOffset now, TimeSpan threshold) =>
        [.. _lastRead.Where(p => now - p.Value > threshold).Select(p => p.Key).Order()];
}
