using Chimera.Contracts.Validation;
using Chimera.Core.Outbound;
using Chimera.Postgres.Hosting;
using Chimera.Redis.Hosting;
using Chimera.Silo.Hosting;
using Chimera.Silo.Http;
using Chimera.Silo.Telemetry;
using Chimera.Testing;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Chimera.Tests.Silo.Hosting;

/// <summary>
/// The one options pattern (<see cref="SettingsValidator{TOptions}"/>) on the sections the host reads while it is composed
/// (<c>Chimera</c>, <c>Chimera:Http</c>, <c>Chimera:Telemetry</c>, <c>Chimera:Postgres</c>) and on <c>Chimera:Announce</c>:
/// bound from configuration keys, a value that cannot work is an <see cref="OptionsValidationException"/> naming the setting,
/// and what the composition used is what <see cref="IOptions{TOptions}"/> holds. (The same refusals as exit 2 from the real
/// silo process: Chimera.EndToEnd.Tests InvalidSettingsTests.)
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class CompositionSettingsTests
{
    private const string Postgres = "Host=127.0.0.1;Port=1;Database=chimera;Username=chimera";

    [Theory]
    [InlineData("Chimera:ClusterId", " ", "Chimera:ClusterId")]
    [InlineData("Chimera:ServiceId", "", "Chimera:ServiceId")]
    [InlineData("Chimera:SiloPort", "0", "Chimera:SiloPort")]
    [InlineData("Chimera:GatewayPort", "65536", "Chimera:GatewayPort")]
    [InlineData("Chimera:GatewayPort", "11111", "Chimera:GatewayPort")]
    [InlineData("Chimera:AdvertisedAddress", "silo-1.example.org", "Chimera:AdvertisedAddress")]
    [InlineData("Chimera:Http:Urls", "https://127.0.0.1:8443", "Chimera:Http:Urls")]
    [InlineData("Chimera:Http:Urls", "http://127.0.0.1:8080;http://example.org:8080", "Chimera:Http:Urls")]
    [InlineData("Chimera:Http:ReceiverStallAfter", "00:00:00", "Chimera:Http:ReceiverStallAfter")]
    [InlineData("Chimera:Telemetry:OtlpEndpoint", "ftp://127.0.0.1:4318", "Chimera:Telemetry:OtlpEndpoint")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("Chimera:Telemetry:OtlpProtocol", "udp", "Chimera:Telemetry:OtlpProtocol")]
    [InlineData("Chimera:Telemetry:OtlpExportInterval", "00:00:00.050", "Chimera:Telemetry:OtlpExportInterval")]
    [InlineData("Chimera:Telemetry:OtlpExportInterval", "30.00:00:00", "Chimera:Telemetry:OtlpExportInterval")]
    [InlineData("Chimera:Telemetry:TraceSampleRatio", "1.5", "Chimera:Telemetry:TraceSampleRatio")]
    [InlineData("Chimera:Telemetry:TraceSampleRatio", "NaN", "Chimera:Telemetry:TraceSampleRatio")]
    [InlineData("Chimera:Telemetry:ServiceName", " ", "Chimera:Telemetry:ServiceName")]
    [InlineData("Chimera:Announce:DisplayNames:bad id", "Alpha", "Chimera:Announce:DisplayNames")]
    [InlineData("Chimera:Announce:DisplayNames:alpha", "Alpha\u0007Studio", "Chimera:Announce:DisplayNames:alpha")]
    [InlineData("Chimera:Announce:DisplayNames:alpha", " ", "Chimera:Announce:DisplayNames:alpha")]
    [InlineData("Chimera:Announce:PublicCapabilityAllowList:0", "Video Gen", "Chimera:Announce:PublicCapabilityAllowList")]
    [InlineData("Chimera:Announce:PublicCapabilityAllowList:0", "video-gen:v2", "Chimera:Announce:PublicCapabilityAllowList")]
    public void A_value_that_cannot_work_is_refused_naming_the_setting(string setting, string value, string named) =>
        SiloSettings.Refusal<AnnounceOptions>(setting, value).Message.ShouldContain(named);

    [Fact]
    public void A_display_name_longer_than_the_limit_is_refused_and_one_at_the_limit_is_accepted()
    {
        SiloSettings.Refusal<AnnounceOptions>("Chimera:Announce:DisplayNames:alpha", new string('a', AnnounceOptionsValidator.MaxDisplayNameLength + 1))
            .Message.ShouldContain("Chimera:Announce:DisplayNames:alpha must be 1-128 characters");

        using var host = SiloSettings.Compose("Chimera:Announce:DisplayNames:alpha", new string('a', AnnounceOptionsValidator.MaxDisplayNameLength));
        host.Bound<AnnounceOptions>().DisplayNames["alpha"].Length.ShouldBe(AnnounceOptionsValidator.MaxDisplayNameLength);
    }

    [Theory]
    [InlineData("Chimera:Postgres:AuditBatchMaxRows", "0")]
    [InlineData("Chimera:Postgres:AuditFlushInterval", "00:00:02")]
    [InlineData("Chimera:Postgres:AuditRetryMinBackoff", "00:00:00")]
    [InlineData("Chimera:Postgres:SnapshotInterval", "00:00:00.500")]
    [InlineData("Chimera:Postgres:SnapshotPageSize", "1001")]
    public void A_postgres_setting_that_cannot_work_is_refused_while_the_silo_is_composed(string setting, string value)
    {
        var refusal = Should.Throw<OptionsValidationException>(() => SiloSettings.Compose(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = Postgres,
            [setting] = value,
        }).Dispose());

        refusal.Message.ShouldContain(setting);
        refusal.OptionsType.ShouldBe(typeof(ChimeraPostgresOptions));
    }

    [Fact]
    public void A_postgres_connection_string_that_cannot_be_read_is_refused_without_echoing_it()
    {
        var refusal = Should.Throw<OptionsValidationException>(() => SiloSettings.Compose("ConnectionStrings:Postgres", "Host=127.0.0.1;Password=hunter2-secret;Flavour=x").Dispose());

        refusal.Message.ShouldStartWith("ConnectionStrings:Postgres is not a valid Npgsql connection string");
        refusal.Message.ShouldNotContain("hunter2-secret");
    }

    [Fact]
    public void A_redis_connection_string_that_cannot_be_read_is_refused_without_echoing_it()
    {
        // StackExchange.Redis's own message quotes the value it could not read: here 'x;password=hunter2-secret'.
        var refusal = SiloSettings.Refusal<ChimeraRedisOptions>("ConnectionStrings:Redis", "connectTimeout=x;password=hunter2-secret");

        refusal.Message.ShouldStartWith("Chimera:Redis:ConnectionString is not a valid StackExchange.Redis connection string: the keyword 'connectTimeout'");
        refusal.Message.ShouldNotContain("hunter2-secret");
    }

    [Fact]
    public void Every_problem_of_a_section_is_listed_at_once()
    {
        var refusal = Should.Throw<OptionsValidationException>(() => SiloSettings.Compose(new Dictionary<string, string?>
        {
            ["Chimera:Telemetry:OtlpProtocol"] = "udp",
            ["Chimera:Telemetry:TraceSampleRatio"] = "-1",
            ["Chimera:Telemetry:ServiceName"] = "",
        }).Dispose());

        refusal.Failures.Count().ShouldBe(3);
        refusal.Message.ShouldContain("Chimera:Telemetry:OtlpProtocol");
        refusal.Message.ShouldContain("Chimera:Telemetry:TraceSampleRatio");
        refusal.Message.ShouldContain("Chimera:Telemetry:ServiceName");
    }

    [Fact]
    public void What_the_composition_used_is_what_the_options_hold()
    {
        using var host = SiloSettings.Compose(new Dictionary<string, string?>
        {
            ["Chimera:ClusterId"] = "cluster-7",
            ["Chimera:SiloPort"] = "21111",
            ["Chimera:Http:Urls"] = "http://127.0.0.1:18080",
            ["Chimera:Http:ReceiverStallAfter"] = "00:00:07",
            ["Chimera:Telemetry:ServiceName"] = "chimera-eu",
            ["Chimera:Announce:DisplayNames:alpha"] = "Alpha Studio",
        });

        host.Bound<ChimeraSiloOptions>().ClusterId.ShouldBe("cluster-7");
        host.Bound<ChimeraSiloOptions>().SiloPort.ShouldBe(21111);
        host.Bound<ClusterOptions>().ClusterId.ShouldBe("cluster-7");
        host.Bound<EndpointOptions>().SiloPort.ShouldBe(21111);
        host.Bound<ChimeraHttpOptions>().Endpoints().ShouldHaveSingleItem().Port.ShouldBe(18080);
        host.Bound<ChimeraHttpOptions>().ReceiverStallAfter.ShouldBe(TimeSpan.FromSeconds(7));
        host.Bound<ChimeraTelemetryOptions>().ServiceName.ShouldBe("chimera-eu");
        host.Bound<AnnounceOptions>().DisplayNames["alpha"].ShouldBe("Alpha Studio");
    }

    [Fact]
    public void The_postgres_services_read_the_options_the_composition_checked()
    {
        using var host = SiloSettings.Compose(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = Postgres,
            ["Chimera:Postgres:AuditBatchMaxRows"] = "250",
            ["Chimera:Postgres:SnapshotInterval"] = "00:00:00",
        });

        var options = host.Bound<ChimeraPostgresOptions>();
        options.ConnectionString.ShouldBe(Postgres);
        options.AuditBatchMaxRows.ShouldBe(250);
        options.SnapshotInterval.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void The_defaults_of_every_section_are_valid()
    {
        using var host = SiloSettings.Compose(new Dictionary<string, string?>());
        host.Bound<ChimeraSiloOptions>().ShouldNotBeNull();
        host.Bound<ChimeraHttpOptions>().Urls.ShouldBe(ChimeraHttpOptions.DefaultUrls);
        host.Bound<ChimeraTelemetryOptions>().ShouldNotBeNull();
        host.Bound<AnnounceOptions>().DisplayNames.ShouldBeEmpty();
        ChimeraPostgresOptionsValidator.Instance.Errors(new ChimeraPostgresOptions { ConnectionString = Postgres }).ShouldBeEmpty();
        ChimeraPostgresOptionsValidator.Instance.Errors(new ChimeraPostgresOptions()).ShouldHaveSingleItem().ShouldStartWith("ConnectionStrings:Postgres");
    }
}
