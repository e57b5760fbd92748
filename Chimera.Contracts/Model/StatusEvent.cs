namespace Chimera.Contracts.Model;

/// <summary>
/// An <c>influencer.status.v1</c> event after it was decoded, validated and its provenance verified at
/// ingress. This is the item type of the Orleans status stream; the JSON wire format lives in
/// <see cref="Wire.StatusEventJson"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StatusEvent
{
    /// <summary>Envelope <c>id</c>: unique per event; the dedupe key.</summary>
    [Id(0)] public required string EventId { get; init; }

    /// <summary>Envelope <c>source</c>, e.g. <c>worker/influencer.alpha</c>.</summary>
    [Id(1)] public required string Source { get; init; }

    /// <summary>Envelope <c>timestamp</c>: when the adapter emitted the status.</summary>
    [Id(2)] public required DateTimeOffset Timestamp { get; init; }

    /// <summary><c>payload.influencer_id</c>; also the Orleans stream key and grain key.</summary>
    [Id(3)] public required string InfluencerId { get; init; }

    [Id(4)] public required InfluencerStatus Status { get; init; }

    /// <summary>Parsed <c>payload.capabilities</c>, in the order given, without duplicates.</summary>
    [Id(5)] public required IReadOnlyList<Capability> Capabilities { get; init; }

    /// <summary><c>payload.current_task</c>: the summary string, or the compact JSON of a task object; null when idle.</summary>
    [Id(6)] public string? CurrentTask { get; init; }

    /// <summary><c>payload.load</c> in [0,1].</summary>
    [Id(7)] public required double Load { get; init; }

    /// <summary><c>payload.confidence</c> in [0,1].</summary>
    [Id(8)] public required double Confidence { get; init; }

    /// <summary>Envelope <c>relevance_score</c> in [0,1]; decides the heartbeat interval and TTL.</summary>
    [Id(9)] public required double RelevanceScore { get; init; }

    /// <summary><c>payload.spec_reference</c>; a ratified spec (checked at ingress).</summary>
    [Id(10)] public required string SpecReference { get; init; }

    /// <summary>Envelope <c>trace_id</c>, if any. Audited; never announced.</summary>
    [Id(11)] public string? TraceId { get; init; }

    /// <summary>The verified adapter identity; null only before verification.</summary>
    [Id(12)] public AdapterProvenance? Provenance { get; init; }
}
