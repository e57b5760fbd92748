using Chimera.Silo.Demo;
using Chimera.Testing;
using Chimera.Tests.Silo.Hosting;

namespace Chimera.Tests.Silo.Demo;

/// <summary>
/// <c>Chimera:Demo</c> is bound and validated like every other section: a value the demo cannot run with is a start-up
/// error naming the setting, not a timer that throws once the silo is up.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class DemoOptionsTests
{
    [Theory]
    [InlineData("Chimera:Demo:RefreshInterval", "00:00:00")]
    [InlineData("Chimera:Demo:RefreshInterval", "-00:00:01")]
    [InlineData("Chimera:Demo:MeanTimeBetweenChanges", "00:00:00")]
    [InlineData("Chimera:Demo:ProbeAnswerDelay", "-00:00:01")]
    [InlineData("Chimera:Demo:ProbeFailureRate", "1.5")]
    [InlineData("Chimera:Demo:ProbeFailureRate", "-0.1")]
    [InlineData("Chimera:Demo:ProbeFailureRate", "NaN")]
    public void ADemoSettingThatCannotWork_IsAStartupErrorNamingIt(string setting, string value) =>
        SiloSettings.Refusal<DemoOptions>(setting, value).Message.ShouldContain(setting);

    [Theory]
    [InlineData(-1)]
    [InlineData(DemoOptionsValidator.MaxInfluencers + 1)]
    public void AnInfluencerCountOutOfRange_NamesTheSetting(int influencers) =>
        new DemoOptionsValidator().Validate(null, new DemoOptions { Influencers = influencers }).FailureMessage!.ShouldContain("Chimera:Demo:Influencers");

    [Fact]
    public void TheDefaults_AndZeroDelay_AreValid()
    {
        new DemoOptionsValidator().Validate(null, new DemoOptions()).Succeeded.ShouldBeTrue();
        new DemoOptionsValidator().Validate(null, new DemoOptions { ProbeAnswerDelay = TimeSpan.Zero, ProbeFailureRate = 1 }).Succeeded.ShouldBeTrue();
    }
}
