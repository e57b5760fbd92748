using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Wire;

namespace Chimera.Testing;

/// <summary>Builds valid status events and signed entries for tests.</summary>
public static class StatusEvents
{
    public const string SpecReference = "specs/openclaw_integration.md";

    public static StatusEvent Create(
        string influencerId,
        DateTimeOffset timestamp,
        InfluencerStatus status = InfluencerStatus.Online,
        string[]? capabilities = null,
        double load = 0.2,
        double confidence = 0.9,
        double relevance = 0.5,
        string? currentTask = null,
        string? eventId = null) =>
        new()
        {
            EventId = eventId ?? "influencer-status-" + Guid.NewGuid().ToString("N"),
            Source = PerceptionNames.SourcePrefix + influencerId,
            Timestamp = timestamp,
            InfluencerId = influencerId,
            Status = status,
            Capabilities = (capabilities ?? ["video-gen:v2", "captioning:v1"]).Select(Capability.Parse).ToArray(),
            CurrentTask = currentTask,
            Load = load,
            Confidence = confidence,
            RelevanceScore = relevance,
            SpecReference = SpecReference,
            TraceId = "trace-" + influencerId,
        };

    /// <summary>A valid event of <paramref name="influencerId"/> with the given id, encoded and signed with <see cref="TestKeys.Any"/>.</summary>
    public static SignedStatusEntry Signed(string influencerId, string eventId, DateTimeOffset timestamp, InfluencerStatus status = InfluencerStatus.Online) =>
        Sign(Create(influencerId, timestamp, status, eventId: eventId));

    /// <summary>Encodes and signs with <paramref name="key"/> (<see cref="TestKeys.Any"/> by default).</summary>
    public static SignedStatusEntry Sign(StatusEvent statusEvent, AdapterKey? key = null) =>
        HmacStatusSigner.CreateEntry(key ?? TestKeys.Any, StatusEventJson.Encode(statusEvent));
}
