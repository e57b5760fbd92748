using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Chimera.Contracts.Model;

namespace Chimera.Core.Telemetry;

/// <summary>
/// The values Chimera's gauges report, kept current by their producers: the routing grain (registry counts,
/// open probes), the Redis pending sampler (per partition), the dead-letter sampler. A silo reports only what
/// it produced, so summing a gauge across silos gives the cluster's value: the routing grain lives on one
/// silo (the others report nothing for it), and each partition is owned by one silo at a time.
/// </summary>
public sealed class RegistryGauges
{
    private readonly ConcurrentDictionary<int, long> _pending = new();
    private volatile Snapshot? _registry;
    private volatile Hold? _hold;
    private volatile IReadOnlyDictionary<string, long> _deadLetters = new Dictionary<string, long>();

    /// <summary>The routing grain's view; null when this silo does not host it (any more).</summary>
    public void SetRegistry(IReadOnlyDictionary<string, int>? byStatus, int openProbes) =>
        _registry = byStatus is null ? null : new Snapshot(byStatus, openProbes);

    /// <summary>The routing grain's self-preservation guard (spec §3.6): active or not, how many are held; null when this silo does not host it.</summary>
    public void SetSelfPreservation(bool? active, int suspects) =>
        _hold = active is { } on ? new Hold(on, suspects) : null;

    public void SetPending(int partition, long pending) => _pending[partition] = pending;

    public void RemovePartition(int partition) => _pending.TryRemove(partition, out _);

    public void SetDeadLetters(IReadOnlyDictionary<string, long> byReason) => _deadLetters = byReason;

    internal IEnumerable<Measurement<long>> InfluencersByStatus()
    {
        if (_registry is not { } registry)
        {
            yield break;
        }

        // Every status, zeros included: an alert on "online == 0" needs the series to exist.
        foreach (var status in Enum.GetValues<InfluencerStatus>())
        {
            var name = status.ToWire();
            yield return new Measurement<long>(registry.ByStatus.GetValueOrDefault(name), new KeyValuePair<string, object?>("status", name));
        }
    }

    internal IEnumerable<Measurement<long>> OpenProbes()
    {
        if (_registry is { } registry)
        {
            yield return new Measurement<long>(registry.OpenProbes);
        }
    }

    internal IEnumerable<Measurement<long>> PendingByPartition()
    {
        foreach (var (partition, pending) in _pending)
        {
            yield return new Measurement<long>(pending, new KeyValuePair<string, object?>("partition", partition));
        }
    }

    internal IEnumerable<Measurement<long>> DeadLettersByReason()
    {
        foreach (var (reason, count) in _deadLetters)
        {
            yield return new Measurement<long>(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    internal IEnumerable<Measurement<int>> SelfPreservationActive()
    {
        if (_hold is { } hold)
        {
            yield return new Measurement<int>(hold.Active ? 1 : 0);
        }
    }

    internal IEnumerable<Measurement<int>> SelfPreservationSuspects()
    {
        if (_hold is { } hold)
        {
            yield return new Measurement<int>(hold.Suspects);
        }
    }

    private sealed record Hold(bool Active, int Suspects);

    private sealed record Snapshot(IReadOnlyDictionary<string, int> ByStatus, int OpenProbes);
}
