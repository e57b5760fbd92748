using Chimera.Silo.Demo;
using Chimera.Testing;

namespace Chimera.Tests.Silo.Demo;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class DemoRosterTests
{
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
