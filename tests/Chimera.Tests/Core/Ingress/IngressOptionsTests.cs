using Chimera.Core.Ingress;
using Chimera.Silo.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
    public void OutOfRangeIngressSetting_IsAStartupErrorNamingIt(string setting, string value)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value });
        builder.AddChimeraSilo();
        using var host = builder.Build();

        Should.Throw<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<IngressOptions>>().Value).Message.ShouldContain(setting);
    }

    [Fact]
    public void DefaultIngressSettings_AreValid() =>
        new IngressOptionsValidator().Validate(null, new IngressOptions()).Succeeded.ShouldBeTrue();
}
