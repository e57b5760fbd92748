namespace Chimera.Testing;

/// <summary>
/// Waits for an asynchronous outcome that has no completion signal of its own (an Orleans stream delivery,
/// a process starting). Checks often, gives up at a deadline with the condition's description, and is never
/// used to measure time.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    /// <summary>How long past its deadline one probe call may run before it counts as hung (longer than ProcessRunner's 2 min).</summary>
    public static readonly TimeSpan ProbeGrace = TimeSpan.FromMinutes(3);

    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        T last;
        while (true)
        {
            // A probe that never answers would hang the test with no message: it too is bounded, past the deadline by
            // ProbeGrace. Some probes block by design (a CLI `watch --count 1`, bounded by ProcessRunner's 2 min), so
            // the bound is looser than every probe's own and only catches a real hang.
            var probing = probe();
            try
            {
                last = await probing.WaitAsync(until - DateTime.UtcNow + ProbeGrace);
            }
            catch (TimeoutException) when (!probing.IsCompleted)
            {
                throw new TimeoutException($"Gave up waiting for {what}: the probe itself did not answer within {(deadline ?? DefaultDeadline) + ProbeGrace}");
            }
            if (condition(last))
            {
                return last;
            }

            if (DateTime.UtcNow >= until)
            {
                throw new TimeoutException($"Gave up waiting for {what}; last value: {last}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Awaits <paramref name="task"/> until <paramref name="deadline"/>; past it, fails with a message naming
    /// <paramref name="what"/> did not happen (a bare <c>WaitAsync</c> says only "The operation has timed out").
    /// </summary>
    public static async Task CompletesAsync(Task task, string what, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var within = deadline ?? DefaultDeadline;
        try
        {
            await task.WaitAsync(within);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Gave up waiting for {what} after {within.TotalSeconds} s");
        }
    }

    public static Task<bool> TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? deadline = null) =>
        ReturnsAsync(probe, ok => ok, what, deadline);
}
