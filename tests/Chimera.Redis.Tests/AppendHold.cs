using System.Collections.Concurrent;

namespace Chimera.Redis.Tests;

/// <summary>
/// Lets a test stop audit appends after a given number, cluster-wide: every later append waits until the test
/// releases its silo, so the grain making it is stuck mid-apply and its stream entry stays unacknowledged in
/// Redis. This is how a silo is caught with events in flight, deterministically, instead of hoping a kill lands
/// at the right moment. Unlimited (never holds) until <see cref="HoldAfter"/> is called.
/// </summary>
internal sealed class AppendHold
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _released = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _held = new(StringComparer.Ordinal);
    private int _free = int.MaxValue;
    private int _passed;

    /// <summary>From now on, only <paramref name="appends"/> more appends pass; the rest wait for <see cref="Release"/>.</summary>
    public void HoldAfter(int appends)
    {
        Volatile.Write(ref _passed, 0);
        Volatile.Write(ref _free, appends);
    }

    /// <summary>Lets the held and all future appends of <paramref name="siloName"/> through.</summary>
    public void Release(string siloName) => Gate(siloName).TrySetResult();

    /// <summary>Event ids whose append on <paramref name="siloName"/> is waiting (or has waited) for a release.</summary>
    public IReadOnlyCollection<string> Held(string siloName) => _held.TryGetValue(siloName, out var ids) ? [.. ids] : [];

    public Task WaitTurnAsync(string siloName, string eventId)
    {
        if (Interlocked.Increment(ref _passed) <= Volatile.Read(ref _free))
        {
            return Task.CompletedTask;
        }

        var gate = Gate(siloName).Task;
        if (!gate.IsCompleted)
        {
            _held.GetOrAdd(siloName, _ => []).Add(eventId);
        }

        return gate;
    }

    private TaskCompletionSource Gate(string siloName) =>
        _released.GetOrAdd(siloName, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
