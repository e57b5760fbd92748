using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Testing.Fixtures;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class SeedExampleTests
{
    [Fact]
    public void SeedExample_DecodesUnchanged_WithEveryFieldValue()
    {
        var result = Decoding.Decode(SeedExample.Json);

        result.Violations.ShouldBeEmpty();
        result.IsValid.ShouldBeTrue();
        var e = result.Event;
        e.EventId.ShouldBe("influencer-status-2f4e8b9a");
        e.Source.ShouldBe("worker/influencer.alpha");
        e.Timestamp.ShouldBe(new DateTimeOffset(2026, 2, 6, 12, 45, 0, TimeSpan.Zero));
        e.Timestamp.Offset.ShouldBe(TimeSpan.Zero);
        e.InfluencerId.ShouldBe("alpha");
        e.Status.ShouldBe(InfluencerStatus.Online);
        e.Capabilities.ShouldBe([new Capability("video-gen", 2), new Capability("captioning", 1)]);
        e.CurrentTask.ShouldBeNull();
        e.Load.ShouldBe(0.21);
        e.Confidence.ShouldBe(0.98);
        e.RelevanceScore.ShouldBe(0.75);
        e.SpecReference.ShouldBe("specs/openclaw_integration.md");
        e.TraceId.ShouldBe("trace-abc-123");
        e.Provenance.ShouldBeNull();
    }

    [Fact]
    public void SeedExample_CitesTheRatifiedSpecAndTheSpecNames()
    {
        var root = SeedExample.Parse();

        root["type"]!.GetValue<string>().ShouldBe(PerceptionNames.StatusEventType);
        root["payload"]!["schema_version"]!.GetValue<string>().ShouldBe(PerceptionNames.SchemaVersion);
        Decoding.Specs.IsRatified(root["payload"]!["spec_reference"]!.GetValue<string>()).ShouldBeTrue();
    }

    [Fact]
    public void SeedExample_HasTheCadenceAndTrustScoreTheSpecStates()
    {
        var e = Decoding.Decode(SeedExample.Json).Event!;

        HeartbeatCadence.Interval(e.RelevanceScore).ShouldBe(TimeSpan.FromSeconds(52));
        HeartbeatCadence.Ttl(e.RelevanceScore).ShouldBe(TimeSpan.FromSeconds(104));
        TrustScore.Compute(e.Confidence, 0, 0).ShouldBe(0.79);
        PublicCapabilities.Map(e.Capabilities).ShouldBe(["captioning:v1", "video-gen:v2"]);
    }
}
