using Chimera.Redis.Streams;
using Chimera.Silo.Demo;
using Chimera.Testing;

namespace Chimera.Tests.Redis;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class ReceiverHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_receiver_whose_last_read_is_older_than_the_threshold_is_stalled()
    {
        var health = new ReceiverHealth();
        health.Started(0, T0);
        health.Started(1, T0);
        health.Read(0, T0 + TimeSpan.FromSeconds(25));

        health.Stalled(T0 + TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)).ShouldBeEmpty();
        health.Stalled(T0 + TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(30)).ShouldBe([1]);
        health.Stalled(T0 + TimeSpan.FromSeconds(56), TimeSpan.FromSeconds(30)).ShouldBe([0, 1]);
    }

    [Fact]
    public void A_stopped_receiver_is_no_longer_this_silos_concern()
    {
        var health = new ReceiverHealth();
        health.Started(3, T0);
        health.Stopped(3);

        health.Snapshot().ShouldBeEmpty();
        health.Stalled(T0 + TimeSpan.FromHours(1), TimeSpan.FromSeconds(30)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0.25, new[] { 3, 7, 11 })]
    [InlineData(0.0, new int[0])]
    [InlineData(0.5, new[] { 1, 3, 5, 7, 9, 11 })]
    public void The_demo_fails_the_probes_of_a_fixed_share_of_its_influencers(double rate, int[] unreliable)
    {
        var roster = new DemoRoster();
        for (var i = 0; i < 12; i++)
        {
            roster.Add($"i{i}", i, rate);
        }

        Enumerable.Range(0, 12).Where(i => roster.TryGet($"i{i}", out var passes) && !passes).ShouldBe(unreliable);
        roster.TryGet("not-simulated", out _).ShouldBeFalse();
    }
}
