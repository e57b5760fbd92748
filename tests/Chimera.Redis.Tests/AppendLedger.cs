using System.Collections.Concurrent;

namespace Chimera.Redis.Tests;

/// <summary>
/// Every <c>IAuditLog.AppendAsync</c> call made by any silo of a test cluster, per event id, including the
/// calls the idempotent store turns into no-ops. It is how a test tells "applied at least once" (a call
/// was made) from "recorded once" (the store holds one row).
/// </summary>
internal sealed class AppendLedger
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _silos = new(StringComparer.Ordinal);

    public int TotalCalls => _calls.Values.Sum();

    public void Record(string siloName, string eventId)
    {
        _calls.AddOrUpdate(eventId, 1, static (_, n) => n + 1);
        _silos.GetOrAdd(eventId, static _ => []).Add(siloName);
    }

    /// <summary>The silos that made an append call for <paramref name="eventId"/>, once per call.</summary>
    public IReadOnlyList<string> SilosOf(string eventId) => _silos.TryGetValue(eventId, out var silos) ? [.. silos] : [];

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_calls, StringComparer.Ordinal);
}
