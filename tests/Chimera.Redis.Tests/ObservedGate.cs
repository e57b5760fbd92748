using System.Collections.Concurrent;
using Chimera.Contracts.Provenance;
using Chimera.Core.Ingress;

namespace Chimera.Redis.Tests;

/// <summary>
/// Wraps the real gate: counts how often each event (by its exact bytes) is admitted — every read of an entry passes
/// the gate once — and throws, as a bug would, for events that contain <see cref="PoisonMarker"/>. Silos of one test
/// cluster share one <see cref="ConcurrentDictionary{TKey, TValue}"/> of reads.
/// </summary>
internal sealed class ObservedGate(IStatusEntryGate inner, ConcurrentDictionary<string, int>? reads = null) : IStatusEntryGate
{
    /// <summary>An event whose bytes contain this makes admission throw.</summary>
    public const string PoisonMarker = "poison-pill";

    private readonly ConcurrentDictionary<string, int> _reads = reads ?? new(StringComparer.Ordinal);

    /// <summary>How many times each distinct event (base64 of its bytes) was admitted.</summary>
    public IReadOnlyDictionary<string, int> Reads => _reads;

    public GateResult Admit(SignedStatusEntry entry, DateTimeOffset? receivedAt = null)
    {
        var bytes = entry.EventJson ?? [];
        _reads.AddOrUpdate(Convert.ToBase64String(bytes), 1, (_, n) => n + 1);
        if (bytes.AsSpan().IndexOf("poison-pill"u8) >= 0)
        {
            throw new InvalidOperationException("simulated bug in admission");
        }

        return inner.Admit(entry, receivedAt);
    }
}
