using System.CommandLine;
using Chimera.Adapters;
using Chimera.Adapters.Redis;
using Chimera.Cli;
using Chimera.Client;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chimera.Tests.Cli;

/// <summary>
/// The CLI and the adapter library take connection strings and secrets from the environment or from files, never
/// need them on the command line, refuse a password there, and never fall back to the development key when a key
/// was named (README, Chimera.Cli/README.md). The environment is passed in, so parallel tests do not share it.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class CliSecretsTests : IDisposable
{
    private static readonly string Secret = Convert.ToBase64String([.. Enumerable.Range(40, 32).Select(i => (byte)i)]);

    private readonly string _directory = Directory.CreateTempSubdirectory("chimera-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Code, string Out, string Error)> Run(Dictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ChimeraCli.RunAsync(args, output, error, environment: name => environment.GetValueOrDefault(name));
        return (code, output.ToString(), error.ToString());
    }

    private string FileWith(string content)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content + "\n");
        return path;
    }

    private static async Task<StreamEntry> SingleEntryAsync(RedisServer redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var key = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf("alpha", 8));
        return (await connection.GetDatabase().StreamRangeAsync(key)).ShouldHaveSingleItem();
    }

    private static SignedStatusEntry Signed(StreamEntry entry) =>
        new((byte[])entry[SignedEntryFields.Event]!, entry[SignedEntryFields.Adapter], entry[SignedEntryFields.KeyId], entry[SignedEntryFields.Signature]);

    [Fact]
    public async Task AdapterIdWithoutASecret_IsAnError_NeverTheDevelopmentKey()
    {
        await using var redis = await RedisServer.StartAsync();

        var (code, _, error) = await Run([], "publish", "--influencer", "alpha", "--status", "online", "--adapter-id", "adapter-alpha", "--key-id", "k1", "--via", "redis", "--redis", redis.ConnectionString);

        code.ShouldBe(2);
        error.ShouldContain("--adapter-id adapter-alpha needs its secret");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        (await connection.GetDatabase().StreamLengthAsync(StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf("alpha", 8)))).ShouldBe(0);
    }

    [Theory]
    [InlineData("--key-id", "k1")]
    [InlineData("--secret-env", "X")]
    [InlineData("--adapter-id", "a")]
    public async Task OneKeyOptionAlone_IsAnError(string option, string value)
    {
        var (code, _, error) = await Run(new() { ["X"] = Secret }, "publish", "--influencer", "alpha", "--status", "online", option, value, "--via", "redis", "--redis", "127.0.0.1:1");

        code.ShouldBe(2);
        error.ShouldStartWith("chimera: ");
    }

    [Fact]
    public async Task SecretFromTheNamedEnvironmentVariable_AndRedisFromChimeraRedis_SignWithThatKey()
    {
        await using var redis = await RedisServer.StartAsync();

        var (code, _, error) = await Run(new() { ["ALPHA_SECRET"] = Secret, ["CHIMERA_REDIS"] = redis.ConnectionString },
            "publish", "--influencer", "alpha", "--status", "online", "--adapter-id", "adapter-alpha", "--key-id", "k1", "--secret-env", "ALPHA_SECRET", "--via", "redis");

        error.ShouldBeEmpty();
        code.ShouldBe(0);
        var entry = Signed(await SingleEntryAsync(redis));
        entry.AdapterId.ShouldBe("adapter-alpha");
        new AdapterKeyring([AdapterKey.FromBase64("adapter-alpha", "k1", Secret, ["alpha"], "test")]).Verify(entry, "alpha").ShouldBeNull();
    }

    [Fact]
    public async Task SecretFile_AndRedisFile_AndChimeraRedisFile_Work()
    {
        await using var redis = await RedisServer.StartAsync();
        var secret = FileWith(Secret);

        var viaOption = await Run([], "publish", "--influencer", "alpha", "--status", "online", "--adapter-id", "a", "--key-id", "k1", "--secret-file", secret, "--via", "redis", "--redis-file", FileWith(redis.ConnectionString));
        var viaEnvironment = await Run(new() { ["CHIMERA_REDIS_FILE"] = FileWith(redis.ConnectionString) }, "publish", "--influencer", "alpha", "--status", "busy", "--adapter-id", "a", "--key-id", "k1", "--secret-file", secret, "--via", "redis");

        (viaOption.Code, viaOption.Error).ShouldBe((0, ""));
        (viaEnvironment.Code, viaEnvironment.Error).ShouldBe((0, ""));
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        (await connection.GetDatabase().StreamLengthAsync(StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf("alpha", 8)))).ShouldBe(2);
    }

    [Theory]
    [InlineData("--redis", "127.0.0.1:6379,password=hunter2", "CHIMERA_REDIS")]
    [InlineData("--postgres", "Host=127.0.0.1;Username=chimera;Password=hunter2;Database=chimera", "CHIMERA_POSTGRES")]
    public async Task ConnectionStringWithAPassword_OnTheCommandLine_IsRefused_WithoutEchoingIt(string option, string value, string variable)
    {
        string[] args = option == "--redis"
            ? ["publish", "--influencer", "alpha", "--status", "online", "--via", "redis", option, value]
            : ["list", option, value, "--connect-timeout", "1"];

        var (code, output, error) = await Run([], args);

        code.ShouldBe(2);
        error.ShouldContain($"{option} carries a password");
        error.ShouldContain(variable);
        (output + error).ShouldNotContain("hunter2");
    }

    [Fact]
    public async Task ChimeraGateway_IsTheClusterWhenNoOptionNamesOne()
    {
        var (code, _, error) = await Run(new() { ["CHIMERA_GATEWAY"] = "127.0.0.1:2" }, "status", "alpha", "--connect-timeout", "2");

        code.ShouldBe(3);
        error.ShouldContain("127.0.0.1:2");
    }

    [Fact]
    public async Task BothGatewayAndPostgresInTheEnvironment_IsAnError()
    {
        var (code, _, error) = await Run(new() { ["CHIMERA_GATEWAY"] = "127.0.0.1:2", ["CHIMERA_POSTGRES"] = "Host=x" }, "status", "alpha");

        code.ShouldBe(2);
        error.ShouldContain("both CHIMERA_GATEWAY and CHIMERA_POSTGRES are set");
    }

    [Fact]
    public void ClusterOptions_FollowTheOptionsFirst_ThenTheEnvironment()
    {
        ChimeraClientOptions Options(Dictionary<string, string> environment, params string[] args)
        {
            var globals = new CliGlobals(name => environment.GetValueOrDefault(name));
            var root = new RootCommand();
            globals.AddTo(root);
            return globals.ToClientOptions(root.Parse(args));
        }

        var postgresFile = FileWith("Host=db;Username=u;Password=p;Database=chimera");

        Options(new() { ["CHIMERA_POSTGRES"] = "Host=env" }).AdoNetConnectionString.ShouldBe("Host=env");
        Options(new() { ["CHIMERA_POSTGRES_FILE"] = postgresFile }).AdoNetConnectionString.ShouldBe("Host=db;Username=u;Password=p;Database=chimera");
        Options([], "--postgres-file", postgresFile).Clustering.ShouldBe(ChimeraClustering.AdoNet);
        Options(new() { ["CHIMERA_POSTGRES"] = "Host=env" }, "--gateway", "10.0.0.1:30000").Gateways.ShouldBe(["10.0.0.1:30000"]);
        Options(new() { ["CHIMERA_GATEWAY"] = "a:1, b:2" }).Gateways.ShouldBe(["a:1", "b:2"]);
        Options(new() { ["CHIMERA_GATEWAY"] = "a:1" }, "--postgres", "Host=cli").AdoNetConnectionString.ShouldBe("Host=cli");
        Options([]).Clustering.ShouldBe(ChimeraClustering.Localhost);
    }

    [Fact]
    public async Task Help_DocumentsWhereSecretsAndConnectionStringsComeFrom()
    {
        var root = await Run([], "--help");
        var publish = await Run([], "publish", "--help");

        foreach (var text in new[] { "CHIMERA_GATEWAY", "CHIMERA_POSTGRES", "CHIMERA_POSTGRES_FILE", "CHIMERA_REDIS", "--postgres-file" })
        {
            root.Out.ShouldContain(text);
        }

        foreach (var text in new[] { "--secret-env", "--secret-file", "--redis-file", "CHIMERA_REDIS", "refused on the command line" })
        {
            publish.Out.ShouldContain(text);
        }
    }

    [Fact]
    public void AdapterLibrary_KeyOptionsNamingAnAdapterWithoutASecret_Throw_EvenWithUseDevelopmentKey() =>
        Should.Throw<OptionsValidationException>(() => new AdapterKeyOptions { AdapterId = "adapter-alpha", KeyId = "k1", UseDevelopmentKey = true }.Load("alpha"))
            .Message.ShouldContain("no secret configured for adapter 'adapter-alpha'");

    [Fact]
    public async Task AdapterLibrary_RedisConnectionStringFromAFile()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var transport = RedisAdapterTransport.Create(new RedisAdapterTransportOptions { ConnectionStringFile = FileWith(redis.ConnectionString) });

        await transport.PublishAsync(StatusEvents.Sign(StatusEvents.Create("alpha", DateTimeOffset.UtcNow)), "alpha");

        (await SingleEntryAsync(redis)).Values.Length.ShouldBe(4);
        Should.Throw<OptionsValidationException>(() => RedisAdapterTransport.Create(new RedisAdapterTransportOptions())).Message.ShouldContain("exactly one of ConnectionString and ConnectionStringFile");
    }
}
