using Chimera.Contracts.Grains;
using Microsoft.Extensions.Time.Testing;

namespace Chimera.Tests.Grains;

/// <summary>
/// A fake clock whose timers for influencer grains never fire (every other timer works as usual), so a test can show
/// what a read answers on its own, with no stale timer having run. Counts the timers it held back, so the test can
/// also show that a timer was armed and would have run.
/// </summary>
internal sealed class InfluencerTimersOffClock() : FakeTimeProvider(ChimeraClusterFixture.Epoch)
{
    private int _heldBack;

    public int HeldBack => Volatile.Read(ref _heldBack);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (state is IInfluencerGrain)
        {
            Interlocked.Increment(ref _heldBack);
            return new InertTimer();
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }

    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
