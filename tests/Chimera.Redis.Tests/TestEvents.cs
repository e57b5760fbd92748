using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Wire;
using Chimera.Testing;

namespace Chimera.Redis.Tests;

/// <summary>Signed status entries for tests, signed with <see cref="TestKeys.Any"/> (a Redis silo refuses the public development key).</summary>
internal static class TestEvents
{
    public static StatusEvent Event(string influencerId, string eventId, DateTimeOffset timestamp, InfluencerStatus status = InfluencerStatus.Online) => new()
    {
        EventId = eventId,
        Source = "worker/influencer." + influencerId,
        Timestamp = timestamp,
        InfluencerId = influencerId,
        Status = status,
        Capabilities = [new Capability("video-gen", 2)],
        Load = 0.25,
        Confidence = 0.9,
        RelevanceScore = 0.5,
        SpecReference = "specs/openclaw_integration.md",
    };

    public static SignedStatusEntry Signed(StatusEvent value) =>
        HmacStatusSigner.CreateEntry(TestKeys.Any, StatusEventJson.Encode(value));

    public static SignedStatusEntry Signed(string influencerId, string eventId, DateTimeOffset timestamp, InfluencerStatus status = InfluencerStatus.Online) =>
        Signed(Event(influencerId, eventId, timestamp, status));
}
