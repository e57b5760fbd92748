using Chimera.Core.Ingress;
using Chimera.Testing;
using Chimera.Tests.Silo.Hosting;

namespace Chimera.Tests.Core.Ingress;

/// <summary>
/// The replay window is configuration, and configuration is input: a window the gate's date arithmetic cannot take
/// (TimeSpan.MaxValue overflows <c>now - window</c>, so every entry would fail) is a start-up error naming the setting.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class IngressOptionsTests
{
    [Theory]
    [InlineData("Chimera:Ingress:ReplayWindow", "00:00:00")]
    [InlineData("Chimera:Ingress:ReplayWindow", "10675199.02:48:05")]
    [InlineData("Chimera:Ingress:MaxClockSkew", "-00:00:01")]
    [InlineData("Chimera:Ingress:MaxClockSkew", "2.00:00:00")]
    public void OutOfRangeIngressSetting_IsAStartupErrorNamingIt(string setting, string value) =>
        SiloSettings.Refusal<IngressOptions>(setting, value).Message.ShouldContain(setting);

    [Fact]
    public void DefaultIngressSettings_AreValid() =>
        new IngressOptionsValidator().Validate(null, new IngressOptions()).Succeeded.ShouldBeTrue();
}
