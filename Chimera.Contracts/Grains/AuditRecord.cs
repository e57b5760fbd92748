using Chimera.Contracts.Model;

namespace Chimera.Contracts.Grains;

/// <summary>
/// One append-only audit row. Its key is (<see cref="InfluencerId"/>, <see cref="Kind"/>, <see cref="EventId"/>)
/// (spec §9): the status event id for a change, a derived id (<c>stale:…</c>, <c>probe-…</c>) otherwise, so a
/// redelivered event cannot add a second row, and an adapter's event ids live apart from internal rows and from
/// other influencers' rows.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AuditRecord
{
    /// <summary>Storage order; assigned by the store, 0 before.</summary>
    [Id(0)] public long Sequence { get; init; }

    [Id(1)] public required string EventId { get; init; }

    [Id(2)] public required AuditKind Kind { get; init; }

    [Id(3)] public required string InfluencerId { get; init; }

    [Id(4)] public InfluencerStatus? PreviousStatus { get; init; }

    [Id(5)] public required InfluencerStatus NewStatus { get; init; }

    [Id(6)] public double Load { get; init; }

    [Id(7)] public double Confidence { get; init; }

    [Id(8)] public double RelevanceScore { get; init; }

    [Id(9)] public IReadOnlyList<Capability> Capabilities { get; init; } = [];

    [Id(10)] public string? CurrentTask { get; init; }

    /// <summary>When it happened (event timestamp, or detection time).</summary>
    [Id(11)] public required DateTimeOffset EventTime { get; init; }

    /// <summary>When Chimera recorded it.</summary>
    [Id(12)] public required DateTimeOffset RecordedAt { get; init; }

    [Id(13)] public string? Source { get; init; }

    [Id(14)] public string? AdapterId { get; init; }

    [Id(15)] public string? TraceId { get; init; }

    /// <summary>Kind-specific detail: stale reason, probe id and reason, probe outcome.</summary>
    [Id(16)] public string? Detail { get; init; }

    /// <summary>
    /// Position in the change stream (spec §12): one total order per cluster, assigned when the row becomes
    /// durable, in commit order, so "everything after revision R" never skips a row. Increasing, not dense; 0 before
    /// the store assigned it.
    /// </summary>
    [Id(17)] public long Revision { get; init; }
}
