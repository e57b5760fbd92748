namespace Chimera.Silo.Demo;

/// <summary>
/// Who the simulated fleet is, and which of them fail their probes: the demo's "ground truth". An influencer is
/// unreliable (its probes fail) when its index crosses a multiple of <see cref="DemoOptions.ProbeFailureRate"/>, so
/// the outcome is fixed per influencer, the same on every run, and most pass while some fail.
/// </summary>
internal sealed class DemoRoster
{
    private readonly Dictionary<string, bool> _reliable = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Add(string influencerId, int index, double failureRate)
    {
        var unreliable = Math.Floor((index + 1) * failureRate) > Math.Floor(index * failureRate);
        lock (_lock)
        {
            _reliable[influencerId] = !unreliable;
        }
    }

    /// <summary>True when the influencer is simulated here; <paramref name="passes"/> is what its probes answer.</summary>
    public bool TryGet(string influencerId, out bool passes)
    {
        lock (_lock)
        {
            return _reliable.TryGetValue(influencerId, out passes);
        }
    }
}
