using Chimera.Adapters;
using Chimera.Contracts.Model;

namespace Chimera.Silo.Demo;

/// <summary>
/// One simulated worker: moves between online, idle, busy and maintenance at random and tells its adapter.
/// Heartbeats, signing and publishing are the real <see cref="StatusAdapter"/>'s job.
/// </summary>
internal sealed class SimulatedInfluencer(string influencerId, Capability[] capabilities, double relevance, double confidence, Random random)
{
    public string InfluencerId { get; } = influencerId;

    public DateTimeOffset NextChange { get; private set; }

    public StatusReport Current { get; private set; } =
        new(InfluencerStatus.Online, capabilities, null, Math.Round(random.NextDouble() * 0.4, 2), confidence, relevance);

    public void ScheduleNextChange(DateTimeOffset now, TimeSpan mean) =>
        NextChange = now + TimeSpan.FromMilliseconds(mean.TotalMilliseconds * (0.5 + random.NextDouble()));

    /// <summary>Moves to a new random state; returns false (a crash) about once in forty changes.</summary>
    public bool TryChange()
    {
        if (random.Next(40) == 0)
        {
            return false;
        }

        var roll = random.Next(100);
        Current = roll switch
        {
            < 40 => Current with { Status = InfluencerStatus.Online, CurrentTask = null, Load = Math.Round(random.NextDouble() * 0.5, 2) },
            < 65 => Current with { Status = InfluencerStatus.Idle, CurrentTask = null, Load = Math.Round(random.NextDouble() * 0.1, 2) },
            < 95 => Current with { Status = InfluencerStatus.Busy, CurrentTask = $"task-{random.Next(10_000):0000}: render clip", Load = Math.Round(0.6 + (random.NextDouble() * 0.4), 2) },
            _ => Current with { Status = InfluencerStatus.Maintenance, CurrentTask = null, Load = 0.0 },
        };
        return true;
    }
}
