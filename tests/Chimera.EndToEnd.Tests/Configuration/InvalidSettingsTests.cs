using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Configuration;

/// <summary>
/// Every validated section through the documented path (README "Configuration"): an environment variable into the real
/// silo process. A value that cannot work stops the start with exit code 2 and a line naming the setting: durability
/// and self-preservation (spec §3.5, §3.6, §9), ingress (§7.4), the demo and the embedded audit log.
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class InvalidSettingsTests
{
    [Theory]
    [InlineData("Chimera__Durability__OutageWindow", "00:00:00", "Chimera:Durability:OutageWindow")]
    [InlineData("Chimera__SelfPreservation__ExpiringShare", "1.5", "Chimera:SelfPreservation:ExpiringShare")]
    [InlineData("Chimera__SelfPreservation__MaxHold", "02:00:00", "Chimera:SelfPreservation:MaxHold")]
    [InlineData("Chimera__Ingress__ReplayWindow", "00:00:00", "Chimera:Ingress:ReplayWindow")]
    [InlineData("Chimera__Ingress__MaxClockSkew", "2.00:00:00", "Chimera:Ingress:MaxClockSkew")]
    [InlineData("Chimera__Demo__ProbeFailureRate", "2", "Chimera:Demo:ProbeFailureRate")]
    [InlineData("Chimera__Embedded__AuditCapacity", "0", "Chimera:Embedded:AuditCapacity")]
    public async Task A_setting_that_cannot_work_stops_the_silo_with_one_line_naming_it(string variable, string value, string setting)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.SiloDll], new Dictionary<string, string> { [variable] = value }, TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.ShouldContain(setting);
    }
}
