using Chimera.Contracts.Model;

namespace Chimera.Adapters;

/// <summary>
/// What a worker tells its local adapter (spec §1 fields): the adapter turns it into a signed
/// <c>influencer.status.v1</c> event. Ranges are checked by the adapter with the wire validator.
/// </summary>
public sealed record StatusReport(
    InfluencerStatus Status,
    IReadOnlyList<Capability> Capabilities,
    string? CurrentTask = null,
    double Load = 0.0,
    double Confidence = 1.0,
    double RelevanceScore = 0.5,
    string? TraceId = null)
{
    /// <summary>
    /// True when <paramref name="other"/> reports the same state. The trace id is per-event correlation,
    /// not state, so it is not compared: re-sending an identical report with a new trace id is no change.
    /// </summary>
    public bool SameStateAs(StatusReport? other) =>
        other is not null
        && Status == other.Status
        && Capabilities.SequenceEqual(other.Capabilities)
        && string.Equals(CurrentTask, other.CurrentTask, StringComparison.Ordinal)
        && Load.Equals(other.Load)
        && Confidence.Equals(other.Confidence)
        && RelevanceScore.Equals(other.RelevanceScore);
}
