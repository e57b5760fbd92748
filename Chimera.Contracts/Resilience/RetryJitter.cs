namespace Chimera.Contracts.Resilience;

/// <summary>
/// Jitter for retry loops. Many silos, receivers and clients fail together (Redis or PostgreSQL restarts) and,
/// with plain exponential backoff, retry together in lock-step waves; "equal jitter" keeps half of each delay
/// (a floor, so retries never hammer) and spreads the other half at random.
/// </summary>
public static class RetryJitter
{
    /// <summary>A delay in [delay/2, delay], uniformly.</summary>
    public static TimeSpan Apply(TimeSpan delay, Random? random = null)
    {
        if (delay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var half = delay.Ticks / 2;
        return TimeSpan.FromTicks(half + (long)((random ?? Random.Shared).NextDouble() * (delay.Ticks - half)));
    }

    /// <summary>Exponential backoff for the <paramref name="attempt"/>-th failure in a row (1 = first), capped, then jittered.</summary>
    public static TimeSpan Backoff(int attempt, TimeSpan initial, TimeSpan max, Random? random = null)
    {
        var ticks = initial.Ticks * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return Apply(TimeSpan.FromTicks((long)Math.Min(ticks, max.Ticks)), random);
    }
}
