using System.Diagnostics;

namespace Chimera.Bench.Infrastructure;

/// <summary>Latency percentiles from raw <see cref="Stopwatch"/> tick samples (exact: sorted, nearest rank).</summary>
internal sealed record Percentiles(double P50Ms, double P99Ms, double P999Ms, double MaxMs, int Samples)
{
    public static Percentiles FromTicks(long[] ticks)
    {
        Array.Sort(ticks);
        return new Percentiles(At(ticks, 0.50), At(ticks, 0.99), At(ticks, 0.999), ToMs(ticks[^1]), ticks.Length);
    }

    public static Percentiles FromMilliseconds(double[] values)
    {
        Array.Sort(values);
        return new Percentiles(AtMs(values, 0.50), AtMs(values, 0.99), AtMs(values, 0.999), values[^1], values.Length);
    }

    public static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double At(long[] sorted, double q) => ToMs(sorted[Rank(sorted.Length, q)]);

    private static double AtMs(double[] sorted, double q) => sorted[Rank(sorted.Length, q)];

    private static int Rank(int count, double q) => Math.Clamp((int)Math.Ceiling(q * count) - 1, 0, count - 1);
}
