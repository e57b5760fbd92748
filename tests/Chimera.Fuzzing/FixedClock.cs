namespace Chimera.Fuzzing;

/// <summary>A clock that always reads one instant: the gate's replay window is then a pure function of the input.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
