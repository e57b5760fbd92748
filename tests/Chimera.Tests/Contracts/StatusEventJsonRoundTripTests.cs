using System.Text;
using Chimera.Contracts.Model;
using Chimera.Contracts.Wire;
using Chimera.Testing.Fixtures;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class StatusEventJsonRoundTripTests
{
    [Fact]
    public void SeedEvent_EncodedAndDecoded_KeepsEveryField()
    {
        var original = Decoding.Decode(SeedExample.Json).Event!;

        var again = Decoding.Decode(Encoding.UTF8.GetString(StatusEventJson.Encode(original)));

        again.Violations.ShouldBeEmpty();
        ShouldMatch(again.Event!, original);
    }

    [Fact]
    public void EventWithTaskFractionalTimeAndNoTrace_RoundTrips()
    {
        var original = new StatusEvent
        {
            EventId = "influencer-status-0f6c",
            Source = "worker/influencer.gamma_2",
            Timestamp = new DateTimeOffset(2026, 11, 23, 8, 30, 15, 123, TimeSpan.Zero).AddTicks(4567),
            InfluencerId = "gamma_2",
            Status = InfluencerStatus.Busy,
            Capabilities = [new Capability("tts.en", 10), new Capability("captioning", 1)],
            CurrentTask = "caption episode 12 \"pilot\" ✓",
            Load = 0.9,
            Confidence = 0.3333333333333333,
            RelevanceScore = 0.0,
            SpecReference = "specs/openclaw_integration.md",
            TraceId = null,
        };

        var json = StatusEventJson.Encode(original);
        var again = Decoding.Decode(Encoding.UTF8.GetString(json));

        again.Violations.ShouldBeEmpty();
        ShouldMatch(again.Event!, original);
    }

    [Theory]
    [InlineData(InfluencerStatus.Online, "online")]
    [InlineData(InfluencerStatus.Idle, "idle")]
    [InlineData(InfluencerStatus.Busy, "busy")]
    [InlineData(InfluencerStatus.Maintenance, "maintenance")]
    [InlineData(InfluencerStatus.Offline, "offline")]
    public void EveryStatus_IsWrittenWithItsWireName_AndReadBack(InfluencerStatus status, string wire)
    {
        var original = Decoding.Decode(SeedExample.Json).Event! with { Status = status };

        var json = Encoding.UTF8.GetString(StatusEventJson.Encode(original));

        json.ShouldContain($"\"status\":\"{wire}\"");
        Decoding.Decode(json).Event!.Status.ShouldBe(status);
    }

    [Fact]
    public void PeekInfluencerId_ReadsThePayloadId_OrNull()
    {
        StatusEventJson.PeekInfluencerId(Encoding.UTF8.GetBytes(SeedExample.Json)).ShouldBe("alpha");
        StatusEventJson.PeekInfluencerId("{\"influencer_id\":\"top\",\"payload\":{}}"u8).ShouldBeNull();
        StatusEventJson.PeekInfluencerId("{\"payload\":"u8).ShouldBeNull();
    }

    private static void ShouldMatch(StatusEvent actual, StatusEvent expected)
    {
        actual.EventId.ShouldBe(expected.EventId);
        actual.Source.ShouldBe(expected.Source);
        actual.Timestamp.ShouldBe(expected.Timestamp);
        actual.InfluencerId.ShouldBe(expected.InfluencerId);
        actual.Status.ShouldBe(expected.Status);
        actual.Capabilities.ShouldBe(expected.Capabilities);
        actual.CurrentTask.ShouldBe(expected.CurrentTask);
        actual.Load.ShouldBe(expected.Load);
        actual.Confidence.ShouldBe(expected.Confidence);
        actual.RelevanceScore.ShouldBe(expected.RelevanceScore);
        actual.SpecReference.ShouldBe(expected.SpecReference);
        actual.TraceId.ShouldBe(expected.TraceId);
    }
}
