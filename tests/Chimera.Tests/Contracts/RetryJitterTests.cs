using Chimera.Contracts.Resilience;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class RetryJitterTests
{
    [Fact]
    public void A_jittered_delay_keeps_half_and_spreads_the_rest()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 1000).Select(_ => RetryJitter.Apply(TimeSpan.FromSeconds(10), random)).ToList();

        delays.ShouldAllBe(d => d >= TimeSpan.FromSeconds(5) && d <= TimeSpan.FromSeconds(10));
        // Spread, not a constant: retries of many silos after one outage do not line up.
        delays.Distinct().Count().ShouldBeGreaterThan(900);
        delays.Min().ShouldBeLessThan(TimeSpan.FromSeconds(5.5));
        delays.Max().ShouldBeGreaterThan(TimeSpan.FromSeconds(9.5));
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(4, 800)]
    [InlineData(10, 5000)]
    [InlineData(1000, 5000)]
    public void Backoff_doubles_up_to_the_cap_before_jitter(int attempt, int ceilingMs)
    {
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            var delay = RetryJitter.Backoff(attempt, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), random);
            delay.ShouldBeInRange(TimeSpan.FromMilliseconds(ceilingMs / 2.0), TimeSpan.FromMilliseconds(ceilingMs));
        }
    }

    [Fact]
    public void Zero_or_negative_delays_stay_zero()
    {
        RetryJitter.Apply(TimeSpan.Zero).ShouldBe(TimeSpan.Zero);
        RetryJitter.Apply(TimeSpan.FromSeconds(-1)).ShouldBe(TimeSpan.Zero);
    }
}
