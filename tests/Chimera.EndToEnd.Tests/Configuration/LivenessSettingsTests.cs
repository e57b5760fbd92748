using Chimera.Core.Hosting;
using Chimera.Silo.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chimera.EndToEnd.Tests.Configuration;

/// <summary>
/// The durability and self-preservation settings (README "Configuration"; spec §3.5, §3.6, §9) through the documented
/// paths: environment variables into the real silo process, and the configuration sections the host binds.
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class LivenessSettingsTests
{
    [Theory]
    [InlineData("Chimera__Durability__OutageWindow", "00:00:00", "Chimera:Durability:OutageWindow")]
    [InlineData("Chimera__SelfPreservation__ExpiringShare", "1.5", "Chimera:SelfPreservation:ExpiringShare")]
    [InlineData("Chimera__SelfPreservation__MaxHold", "02:00:00", "Chimera:SelfPreservation:MaxHold")]
    public async Task A_setting_that_cannot_work_stops_the_silo_with_one_line_naming_it(string variable, string value, string setting)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.SiloDll], new Dictionary<string, string> { [variable] = value }, TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.ShouldContain(setting);
    }

    [Fact]
    public void The_host_binds_the_documented_sections_and_keeps_the_documented_defaults()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chimera:Durability:OutageWindow"] = "00:20:00",
            ["Chimera:SelfPreservation:ExpiringShare"] = "0.3",
            ["Chimera:SelfPreservation:MaxHold"] = "00:05:00",
        });
        builder.AddChimeraSilo();
        using var host = builder.Build();

        var durability = host.Services.GetRequiredService<IOptions<DurabilityOptions>>().Value;
        var preservation = host.Services.GetRequiredService<IOptions<SelfPreservationOptions>>().Value;

        durability.OutageWindow.ShouldBe(TimeSpan.FromMinutes(20));
        durability.StateLoadTimeout.ShouldBe(TimeSpan.FromSeconds(2));
        preservation.ExpiringShare.ShouldBe(0.3);
        preservation.MaxHold.ShouldBe(TimeSpan.FromMinutes(5));
        preservation.Enabled.ShouldBeTrue();

        // The defaults the issue asks for: a window of at least 15 minutes, 20 %, 2x the longest TTL.
        new DurabilityOptions().OutageWindow.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(15));
        new SelfPreservationOptions().ExpiringShare.ShouldBe(0.2);
        new SelfPreservationOptions().MaxHold.ShouldBe(TimeSpan.FromMinutes(8));
    }
}
