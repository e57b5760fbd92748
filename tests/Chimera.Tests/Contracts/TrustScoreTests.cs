using Chimera.Contracts.Spec;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class TrustScoreTests
{
    [Theory]
    [InlineData(0.98, 0, 0, 0.79)]
    [InlineData(1.0, 0, 0, 0.8)]
    [InlineData(0.0, 0, 0, 0.2)]
    [InlineData(0.5, 3, 3, 0.62)]
    [InlineData(0.0, 0, 4, 0.07)]
    [InlineData(1.0, 10, 10, 0.97)]
    [InlineData(0.4, 1, 2, 0.44)]
    public void Compute_Is60PercentConfidencePlus40PercentLaplacePassRate_RoundedToTwoDecimals(double confidence, int passed, int probes, double expected) =>
        TrustScore.Compute(confidence, passed, probes).ShouldBe(expected);

    [Fact]
    public void PassedProbes_RaiseTheScore_FailedProbesLowerIt()
    {
        var unprobed = TrustScore.Compute(0.4, 0, 0);

        TrustScore.Compute(0.4, 1, 1).ShouldBeGreaterThan(unprobed);
        TrustScore.Compute(0.4, 0, 1).ShouldBeLessThan(unprobed);
    }
}
