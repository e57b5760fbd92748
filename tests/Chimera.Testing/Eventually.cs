namespace Chimera.Testing;

/// <summary>
/// Waits for an asynchronous outcome that has no completion signal of its own (an Orleans stream delivery,
/// a process starting). Checks often, gives up at a deadline with the condition's description, and is never
/// used to measure time.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        T last;
        while (true)
        {
            last = await probe();
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

    public static Task<bool> TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? deadline = null) =>
        ReturnsAsync(probe, ok => ok, what, deadline);
}
