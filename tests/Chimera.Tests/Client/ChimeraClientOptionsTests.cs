using Chimera.Client;
using Chimera.Adapters;
using Chimera.Client.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Chimera.Tests.Client;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class ChimeraClientOptionsTests
{
    [Fact]
    public void Defaults_AreLocalhostClusteringOnTheStandardGateway()
    {
        var options = new ChimeraClientOptions();

        ChimeraClientOptionsValidator.Instance.Errors(options).ShouldBeEmpty();
        options.Clustering.ShouldBe(ChimeraClustering.Localhost);
        options.GatewayPort.ShouldBe(30000);
        options.ClusterId.ShouldBe("chimera");
        options.ServiceId.ShouldBe("chimera");
    }

    [Fact]
    public void InvalidSettings_AreReportedByName()
    {
        var staticWithoutGateways = new ChimeraClientOptions { Clustering = ChimeraClustering.Static };
        ChimeraClientOptionsValidator.Instance.Errors(staticWithoutGateways).ShouldHaveSingleItem().ShouldStartWith("Chimera:Client:Gateways is empty");

        var badGateway = new ChimeraClientOptions { Clustering = ChimeraClustering.Static };
        badGateway.Gateways.Add("silo-1:http");
        ChimeraClientOptionsValidator.Instance.Errors(badGateway).ShouldHaveSingleItem().ShouldContain("port");

        var adoNet = new ChimeraClientOptions { Clustering = ChimeraClustering.AdoNet, ClusterId = " " };
        var errors = ChimeraClientOptionsValidator.Instance.Errors(adoNet);
        errors.Count.ShouldBe(2);
        errors.ShouldContain(e => e.StartsWith("Chimera:Client:ClusterId", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("Chimera:Client:AdoNetConnectionString", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Host=db;Password=hunter2-secret;Flavour=x")]
    [InlineData("Host=db;Password=hunter2-secret;x")]
    [InlineData("127.0.0.1:6379,=")] // KeyNotFoundException from Npgsql, not ArgumentException
    public void An_adonet_connection_string_npgsql_cannot_read_is_refused_without_echoing_it(string connectionString)
    {
        var options = new ChimeraClientOptions { Clustering = ChimeraClustering.AdoNet, AdoNetConnectionString = connectionString };

        var error = ChimeraClientOptionsValidator.Instance.Errors(options).ShouldHaveSingleItem();

        error.ShouldStartWith("Chimera:Client:AdoNetConnectionString is not a valid Npgsql connection string");
        error.ShouldNotContain("hunter2-secret");
        ChimeraClientOptionsValidator.Instance.Errors(new ChimeraClientOptions { Clustering = ChimeraClustering.AdoNet, AdoNetConnectionString = "Host=db;Password=p" }).ShouldBeEmpty();
    }

    [Fact]
    public void AddChimeraClient_BindsTheConfigurationSectionThenAppliesTheCallback()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chimera:Client:Clustering"] = "Static",
            ["Chimera:Client:Gateways:0"] = "127.0.0.1:31000",
            ["Chimera:Client:ClusterId"] = "prod",
        });

        builder.AddChimeraClient(o => o.ServiceId = "svc");

        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptions<ChimeraClientOptions>>().Value;
        options.Clustering.ShouldBe(ChimeraClustering.Static);
        options.Gateways.ShouldBe(["127.0.0.1:31000"]);
        options.ClusterId.ShouldBe("prod");
        options.ServiceId.ShouldBe("svc");
        // One client per host, built over the host's Orleans client with the bound options.
        var client = host.Services.GetRequiredService<IChimeraClient>();
        client.ShouldBeOfType<ChimeraClient>();
        host.Services.GetRequiredService<IChimeraClient>().ShouldBeSameAs(client);
    }

    [Fact]
    public void AddChimeraClient_WithAnInvalidSetting_FailsNamingIt()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        var ex = Should.Throw<OptionsValidationException>(() => builder.AddChimeraClient(o => o.GatewayPort = 0));

        ex.Message.ShouldContain("Chimera:Client:GatewayPort");
    }

    [Fact]
    public async Task Connect_ToNoCluster_FailsWithChimeraUnavailable()
    {
        var options = new ChimeraClientOptions { GatewayPort = Chimera.Testing.LoopbackPorts.GetFree(), ConnectTimeout = TimeSpan.FromSeconds(2) };

        var ex = await Should.ThrowAsync<ChimeraUnavailableException>(() => ChimeraClientConnection.ConnectAsync(options));

        ex.Message.ShouldContain($"127.0.0.1:{options.GatewayPort}");
    }

    [Fact]
    public void ArgumentChecks_NameTheArgument()
    {
        ChimeraArguments.InfluencerIdError("alpha").ShouldBeNull();
        ChimeraArguments.InfluencerIdError("al pha")!.ShouldContain("influencer id");
        ChimeraArguments.InfluencerIdError(new string('a', 65))!.ShouldContain("limit is 64");
    }

    [Fact]
    public void AdapterKey_LoadsFromAnEnvironmentVariableAndRejectsShortSecrets()
    {
        var name = "CHIMERA_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, Convert.ToBase64String(new byte[32]));
        try
        {
            var key = new AdapterKeyOptions { AdapterId = "edge-1", KeyId = "k1", SecretEnvironmentVariable = name }.Load("alpha");
            key.AdapterId.ShouldBe("edge-1");
            key.Secret.Length.ShouldBe(32);

            Environment.SetEnvironmentVariable(name, Convert.ToBase64String(new byte[8]));
            Should.Throw<OptionsValidationException>(() => new AdapterKeyOptions { AdapterId = "edge-1", KeyId = "k1", SecretEnvironmentVariable = name }.Load("alpha"))
                .Message.ShouldContain("SecretEnvironmentVariable");
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

}
