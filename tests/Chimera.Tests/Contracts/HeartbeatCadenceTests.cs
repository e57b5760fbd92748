using Chimera.Contracts.Spec;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class HeartbeatCadenceTests
{
    [Theory]
    [InlineData(0.0, 120)]
    [InlineData(0.25, 98)]
    [InlineData(0.5, 75)]
    [InlineData(0.75, 52)]
    [InlineData(1.0, 30)]
    [InlineData(0.1, 111)]
    public void Interval_Is120SecondsMinus90TimesRelevance_InWholeSeconds(double relevance, int seconds) =>
        HeartbeatCadence.Interval(relevance).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Interval_UnderConservativePolicy_IsAlways120Seconds(double relevance) =>
        HeartbeatCadence.Interval(relevance, conservative: true).ShouldBe(TimeSpan.FromSeconds(120));

    [Theory]
    [InlineData(0.0, 240)]
    [InlineData(0.5, 150)]
    [InlineData(0.75, 104)]
    [InlineData(1.0, 60)]
    public void Ttl_IsTwiceTheInterval(double relevance, int seconds)
    {
        HeartbeatCadence.Ttl(relevance).ShouldBe(TimeSpan.FromSeconds(seconds));
        HeartbeatCadence.Ttl(relevance).ShouldBe(HeartbeatCadence.Interval(relevance) * 2);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Ttl_UnderConservativePolicy_Is240Seconds_SoA120SecondBeatNeverGoesStale(double relevance)
    {
        HeartbeatCadence.Ttl(relevance, conservative: true).ShouldBe(TimeSpan.FromSeconds(240));
        HeartbeatCadence.Ttl(relevance, conservative: true).ShouldBeGreaterThan(HeartbeatCadence.Interval(relevance, conservative: true));
    }

    [Theory]
    [InlineData(double.NaN, 120)]
    [InlineData(-3.0, 120)]
    [InlineData(7.0, 30)]
    public void Interval_OfAnOutOfRangeRelevance_StaysWithin30To120Seconds(double relevance, int seconds) =>
        HeartbeatCadence.Interval(relevance).ShouldBe(TimeSpan.FromSeconds(seconds));
}
