using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Configuration;

/// <summary>
/// Every validated section through the documented path (README "Configuration"): an environment variable into the real
/// silo process. A value that cannot work stops the start with exit code 2 and a line naming the setting: durability
/// and self-preservation (spec §3.5, §3.6, §9), ingress (§7.4), the demo, the embedded audit log, the cluster endpoints,
/// HTTP, telemetry, the announce mapping (§6), PostgreSQL and the connection strings, which are never printed.
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
    [InlineData("Chimera__SiloPort", "0", "Chimera:SiloPort")]
    [InlineData("Chimera__AdvertisedAddress", "silo-1.example.org", "Chimera:AdvertisedAddress")]
    [InlineData("Chimera__Http__Urls", "https://127.0.0.1:8443", "Chimera:Http:Urls")]
    [InlineData("Chimera__Telemetry__TraceSampleRatio", "2", "Chimera:Telemetry:TraceSampleRatio")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("Chimera__Announce__DisplayNames__alpha", "Alpha\u0007Studio", "Chimera:Announce:DisplayNames:alpha")]
    [InlineData("Chimera__Announce__PublicCapabilityAllowList__0", "Video Gen", "Chimera:Announce:PublicCapabilityAllowList")]
    public async Task A_setting_that_cannot_work_stops_the_silo_with_one_line_naming_it(string variable, string value, string setting)
    {
        var result = await RunSiloAsync(new() { [variable] = value });

        result.StandardError.ShouldContain(setting);
    }

    [Fact]
    public async Task A_postgres_setting_that_cannot_work_stops_the_silo_before_it_connects()
    {
        // Port 1: nothing listens there, so reaching the server would be exit 3, not 2.
        var result = await RunSiloAsync(new()
        {
            ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=chimera;Username=chimera",
            ["Chimera__Postgres__AuditBatchMaxRows"] = "0",
        });

        result.StandardError.ShouldContain("Chimera:Postgres:AuditBatchMaxRows");
    }

    [Theory]
    [InlineData("ConnectionStrings__Redis", "connectTimeout=x;password=hunter2-secret", "Chimera:Redis:ConnectionString")]
    [InlineData("ConnectionStrings__Postgres", "Password=hunter2-secret;x", "ConnectionStrings:Postgres")]
    public async Task A_connection_string_that_cannot_be_read_is_named_and_never_printed(string variable, string value, string setting)
    {
        // A keyring of its own, so the start gets as far as the connection string (with a real server configured and no
        // keys, the keyring is refused first).
        var result = await RunSiloAsync(new()
        {
            [variable] = value,
            ["Chimera__Provenance__Adapters__0__AdapterId"] = "adapter-alpha",
            ["Chimera__Provenance__Adapters__0__KeyId"] = "k1",
            ["Chimera__Provenance__Adapters__0__Secret"] = Convert.ToBase64String([.. Enumerable.Range(40, 32).Select(i => (byte)i)]),
            ["Chimera__Provenance__Adapters__0__Influencers__0"] = "alpha",
        });

        result.StandardError.ShouldContain(setting);
        result.StandardOutput.ShouldNotContain("hunter2-secret");
        result.StandardError.ShouldNotContain("hunter2-secret");
    }

    // Exit 2 with one line on standard error (SiloCommand): a configuration error, never a stack trace.
    private static async Task<ProcessRunner.Result> RunSiloAsync(Dictionary<string, string> environment)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.SiloDll], environment, TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(2, result.ToString());
        result.StandardError.TrimEnd().ShouldNotContain('\n', result.ToString());
        return result;
    }
}
