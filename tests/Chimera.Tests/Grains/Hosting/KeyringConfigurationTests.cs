using System.Text;
using Chimera.Contracts.Provenance;
using Chimera.Grains.Hosting;
using Chimera.Redis.Hosting;
using Chimera.Silo.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chimera.Tests.Grains.Hosting;

/// <summary>
/// Spec §7.3: the keyring as the silo binds it from configuration — environment variables and appsettings.json,
/// through the same <c>AddChimeraSilo</c> composition as the real host — fails closed. (The same through a real silo
/// process and real Redis: Chimera.EndToEnd.Tests KeyringFromConfigurationTests.)
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class KeyringConfigurationTests : IDisposable
{
    private static readonly string Secret = Convert.ToBase64String([.. Enumerable.Range(7, 32).Select(i => (byte)i)]);

    private readonly string _prefix = $"CHIMERA_T8_{Guid.NewGuid():N}_";
    private readonly List<string> _variables = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("chimera-keyring-").FullName;

    public void Dispose()
    {
        foreach (var name in _variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void EnvironmentVariables_AsTheReadmeShows_GiveAKeyForExactlyTheListedInfluencer()
    {
        SetEnvironment(new()
        {
            ["ConnectionStrings__Redis"] = "127.0.0.1:1",
            ["Chimera__Provenance__Adapters__0__AdapterId"] = "adapter-alpha",
            ["Chimera__Provenance__Adapters__0__KeyId"] = "k1",
            ["Chimera__Provenance__Adapters__0__Secret"] = Secret,
            ["Chimera__Provenance__Adapters__0__Influencers__0"] = "alpha",
        });

        var key = Keyring(Build()).Keys.ShouldHaveSingleItem();

        key.Influencers.ShouldBe(["alpha"]); // not ["*", "alpha"]: the binder appends to a non-empty default
        key.MaySpeakFor("alpha").ShouldBeTrue();
        key.MaySpeakFor("beta").ShouldBeFalse();
    }

    [Fact]
    public void AppSettingsJson_GivesAKeyForExactlyTheListedInfluencers()
    {
        var key = Keyring(Build(json: """
            { "ConnectionStrings": { "Redis": "127.0.0.1:1" },
              "Chimera": { "Provenance": { "Adapters": [
                { "AdapterId": "adapter-eu", "KeyId": "k1", "Secret": "SECRET", "Influencers": [ "alpha", "gamma" ] } ] } } }
            """)).Keys.ShouldHaveSingleItem();

        key.Influencers.ShouldBe(["alpha", "gamma"]);
        key.MaySpeakFor("beta").ShouldBeFalse();
        key.SpeaksForAnyInfluencer.ShouldBeFalse();
    }

    [Fact]
    public void KeyWithoutInfluencers_FromEnvironmentVariables_IsAStartupErrorNamingTheSetting()
    {
        SetEnvironment(new()
        {
            ["Chimera__Provenance__Adapters__0__AdapterId"] = "adapter-alpha",
            ["Chimera__Provenance__Adapters__0__KeyId"] = "k1",
            ["Chimera__Provenance__Adapters__0__Secret"] = Secret,
        });

        Should.Throw<OptionsValidationException>(() => Keyring(Build())).Message.ShouldStartWith("Chimera:Provenance:Adapters:0:Influencers lists no influencers");
    }

    [Fact]
    public void KeyWithAnEmptyInfluencersArray_InAppSettingsJson_IsAStartupError() =>
        Should.Throw<OptionsValidationException>(() => Keyring(Build(json: """
            { "Chimera": { "Provenance": { "Adapters": [
                { "AdapterId": "a", "KeyId": "k1", "Secret": "SECRET", "Influencers": [ ] },
                { "AdapterId": "b", "KeyId": "k1", "Secret": "SECRET", "Influencers": [ "beta" ] } ] } } }
            """))).Message.ShouldContain("Chimera:Provenance:Adapters:0:Influencers");

    [Fact]
    public void StarWrittenAlone_SpeaksForAnyInfluencer_AndIsLoggedAsAWarningNamingTheSetting()
    {
        var logs = new RecordingLoggerProvider();
        SetEnvironment(new()
        {
            ["Chimera__Provenance__Adapters__0__AdapterId"] = "adapter-any",
            ["Chimera__Provenance__Adapters__0__KeyId"] = "k1",
            ["Chimera__Provenance__Adapters__0__Secret"] = Secret,
            ["Chimera__Provenance__Adapters__0__Influencers__0"] = "*",
        });

        var key = Keyring(Build(logs: logs)).Keys.ShouldHaveSingleItem();

        key.MaySpeakFor("anyone").ShouldBeTrue();
        logs.Lines.ShouldContain(l => l.Level == LogLevel.Warning && l.Message.Contains("Chimera:Provenance:Adapters:0 (adapter-any/k1) may speak for every influencer"));
    }

    [Theory]
    [InlineData("[\"*\", \"alpha\"]", "combines \"*\" with other entries")]
    [InlineData("[\"alpha\", \"bad id\"]", "'bad id', which is not an influencer id")]
    [InlineData("[\"\"]", "which is not an influencer id")]
    [InlineData("[\"alpha*\"]", "which is not an influencer id")]
    public void InfluencerListThatIsNotIdsOrAStarAlone_IsAStartupError(string list, string message) =>
        Should.Throw<OptionsValidationException>(() => Keyring(Build(json: $$"""
            { "Chimera": { "Provenance": { "Adapters": [ { "AdapterId": "a", "KeyId": "k1", "Secret": "SECRET", "Influencers": {{list}} } ] } } }
            """))).Message.ShouldContain(message);

    [Theory]
    [InlineData("ConnectionStrings:Redis", "Redis")]
    [InlineData("ConnectionStrings:Postgres", "PostgreSQL")]
    public void TrustDevelopmentKey_WithARealServer_IsRefused(string setting, string server)
    {
        var value = setting.EndsWith("Redis", StringComparison.Ordinal) ? "127.0.0.1:1" : "Host=127.0.0.1;Port=1;Username=x;Database=x";

        Should.Throw<OptionsValidationException>(() => Keyring(Build(json: $$"""
            { "{{setting.Split(':')[0]}}": { "{{setting.Split(':')[1]}}": "{{value}}" }, "Chimera": { "Provenance": { "TrustDevelopmentKey": true } } }
            """))).Message.ShouldBe($"Chimera:Provenance:TrustDevelopmentKey is true, but this silo runs with {server}; the development key's secret is public. Configure Chimera:Provenance:Adapters instead (see README, 'Adapter keys').");
    }

    [Fact]
    public void ConfiguredKeyReusingTheDevelopmentSecret_WithRedis_IsRefused() =>
        Should.Throw<OptionsValidationException>(() => Keyring(Build(json: $$"""
            { "ConnectionStrings": { "Redis": "127.0.0.1:1" },
              "Chimera": { "Provenance": { "Adapters": [
                { "AdapterId": "renamed", "KeyId": "k9", "Secret": "{{Convert.ToBase64String(DevelopmentKeys.Key.Secret)}}", "Influencers": [ "alpha" ] } ] } } }
            """))).Message.ShouldContain("Chimera:Provenance:Adapters:0 is the public development key");

    [Fact]
    public void TheLibraryItself_RefusesTheDevelopmentKey_ToAHostThatComposesTheSiloWithoutChimeraSilo()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            silo.Services.Configure<ProvenanceOptions>(o => o.TrustDevelopmentKey = true);
            silo.AddChimeraCore();
            silo.AddChimeraRedis(o => o.ConnectionString = "127.0.0.1:1");
        });
        using var host = builder.Build();

        Should.Throw<OptionsValidationException>(() => host.Services.GetRequiredService<AdapterKeyring>()).Message.ShouldContain("runs with Redis");
    }

    [Fact]
    public async Task AHostsOwnKeyringHoldingTheDevelopmentKey_WithRedis_StopsTheSiloAtStartup()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(Chimera.Testing.LoopbackPorts.GetFree(), Chimera.Testing.LoopbackPorts.GetFree());
            silo.Services.AddSingleton(new AdapterKeyring([DevelopmentKeys.Key]));
            silo.AddChimeraCore();
            silo.AddChimeraRedis(o => o.ConnectionString = "127.0.0.1:1");
        });
        using var host = builder.Build();

        var error = await Should.ThrowAsync<Exception>(() => host.StartAsync());

        Flatten(error).ShouldContain(e => e is InvalidOperationException && e.Message.Contains("holds the public development key, but this silo runs with Redis"));
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        yield return error;
        if (error is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
            {
                yield return inner;
            }
        }
        else if (error.InnerException is { } inner)
        {
            foreach (var nested in Flatten(inner))
            {
                yield return nested;
            }
        }
    }

    private static AdapterKeyring Keyring(IHost host) => host.Services.GetRequiredService<AdapterKeyring>();

    /// <summary>
    /// The silo's composition (<c>AddChimeraSilo</c>) over configuration read exactly as the host reads it: an
    /// appsettings.json file and environment variables (here under a per-test prefix, so parallel tests never see
    /// each other's variables; the provider strips it, the <c>__</c> mapping is the real one).
    /// </summary>
    private IHost Build(string? json = null, RecordingLoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (json is not null)
        {
            var path = Path.Combine(_directory, "appsettings.json");
            File.WriteAllText(path, json.Replace("SECRET", Secret, StringComparison.Ordinal), Encoding.UTF8);
            builder.Configuration.AddJsonFile(path);
        }

        builder.Configuration.AddEnvironmentVariables(_prefix);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.AddChimeraSilo();
        return builder.Build();
    }

    private void SetEnvironment(Dictionary<string, string> variables)
    {
        foreach (var (name, value) in variables)
        {
            _variables.Add(_prefix + name);
            Environment.SetEnvironmentVariable(_prefix + name, value);
        }
    }
}
