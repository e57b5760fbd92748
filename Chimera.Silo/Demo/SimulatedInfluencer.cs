using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Wire;

namespace Chimera.Silo.Demo;

/// <summary>
/// One simulated worker and its adapter: moves between online, idle, busy and maintenance at random,
/// heartbeats at the spec cadence for its relevance, and sometimes crashes (stops heartbeating) so the
/// registry shows a status ageing out.
/// </summary>
internal sealed class SimulatedInfluencer(string influencerId, Capability[] capabilities, double relevance, double confidence, Random random)
{
    private InfluencerStatus _status = InfluencerStatus.Online;
    private double _load = random.NextDouble() * 0.4;
    private string? _task;

    public string InfluencerId { get; } = influencerId;

    public bool Crashed { get; private set; }

    public DateTimeOffset NextHeartbeat { get; private set; }

    public DateTimeOffset NextChange { get; private set; }

    public void Schedule(DateTimeOffset now, TimeSpan meanTimeBetweenChanges)
    {
        NextHeartbeat = now + HeartbeatCadence.Interval(relevance);
        NextChange = now + TimeSpan.FromMilliseconds(meanTimeBetweenChanges.TotalMilliseconds * (0.5 + random.NextDouble()));
    }

    /// <summary>Moves to a new random state; about one change in forty is a crash.</summary>
    public void Change()
    {
        if (random.Next(40) == 0)
        {
            Crashed = true;
            return;
        }

        var roll = random.Next(100);
        (_status, _task, _load) = roll switch
        {
            < 40 => (InfluencerStatus.Online, (string?)null, random.NextDouble() * 0.5),
            < 65 => (InfluencerStatus.Idle, null, random.NextDouble() * 0.1),
            < 95 => (InfluencerStatus.Busy, $"task-{random.Next(10_000):0000}: render clip", 0.6 + (random.NextDouble() * 0.4)),
            _ => (InfluencerStatus.Maintenance, null, 0.0),
        };
    }

    public SignedStatusEntry Emit(DateTimeOffset now, AdapterKey key)
    {
        var statusEvent = new StatusEvent
        {
            EventId = "influencer-status-" + Guid.NewGuid().ToString("N"),
            Source = PerceptionNames.SourcePrefix + InfluencerId,
            Timestamp = now,
            InfluencerId = InfluencerId,
            Status = _status,
            Capabilities = capabilities,
            CurrentTask = _task,
            Load = Math.Round(_load, 2),
            Confidence = confidence,
            RelevanceScore = relevance,
            SpecReference = "specs/openclaw_integration.md",
            TraceId = "demo-" + Guid.NewGuid().ToString("N")[..12],
        };
        return HmacStatusSigner.CreateEntry(key, StatusEventJson.Encode(statusEvent));
    }
}
