using Chimera.Adapters;
using Chimera.Adapters.Redis;
using Chimera.Contracts.Provenance;
using Chimera.Testing;
using Microsoft.Extensions.Options;

namespace Chimera.Tests.Adapters;

/// <summary>
/// The adapter library's options, checked by their validators where the library builds from them (the adapter, its Redis
/// transport, its key): every refusal is an <see cref="OptionsValidationException"/> naming the setting, and none quotes a
/// secret or a connection string.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class AdapterSettingsTests : IDisposable
{
    private static readonly string Secret = Convert.ToBase64String([.. Enumerable.Range(11, 32).Select(i => (byte)i)]);

    private readonly string _directory = Directory.CreateTempSubdirectory("chimera-adapter-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>One break per rule, by name.</summary>
    private static readonly Dictionary<string, Action<StatusAdapterOptions>> Breaks = new()
    {
        ["bad id"] = o => o.InfluencerId = "bad id",
        ["no buffer"] = o => o.BufferCapacity = 0,
        ["no initial delay"] = o => o.RetryInitialDelay = TimeSpan.Zero,
        ["max below initial"] = o => o.RetryMaxDelay = TimeSpan.FromMilliseconds(500),
        ["negative drain"] = o => o.StopDrainTimeout = TimeSpan.FromSeconds(-1),
        ["no spec"] = o => o.SpecReference = " ",
    };

    [Theory]
    [InlineData("bad id", "StatusAdapterOptions.InfluencerId")]
    [InlineData("no buffer", "StatusAdapterOptions.BufferCapacity")]
    [InlineData("no initial delay", "StatusAdapterOptions.RetryInitialDelay")]
    [InlineData("max below initial", "StatusAdapterOptions.RetryInitialDelay")]
    [InlineData("negative drain", "StatusAdapterOptions.StopDrainTimeout")]
    [InlineData("no spec", "StatusAdapterOptions.SpecReference")]
    public void An_adapter_setting_that_cannot_work_is_refused_naming_it(string change, string named)
    {
        var options = new StatusAdapterOptions { InfluencerId = "alpha" };
        Breaks[change](options);

        var refusal = Should.Throw<OptionsValidationException>(() => new StatusAdapter(options, DevelopmentKeys.Key, new RecordingTransport()));

        refusal.Failures.ShouldHaveSingleItem().ShouldStartWith(named);
        refusal.OptionsType.ShouldBe(typeof(StatusAdapterOptions));
    }

    [Fact]
    public void Every_adapter_problem_is_listed_at_once_and_the_defaults_with_an_id_are_valid()
    {
        StatusAdapterOptionsValidator.Instance.Errors(new StatusAdapterOptions { InfluencerId = "", BufferCapacity = -1, SpecReference = "" }).Count.ShouldBe(3);
        StatusAdapterOptionsValidator.Instance.Errors(new StatusAdapterOptions { InfluencerId = "alpha" }).ShouldBeEmpty();
    }

    [Fact]
    public void The_transport_takes_exactly_one_connection_string_source()
    {
        Refuse(new RedisAdapterTransportOptions()).ShouldContain("set exactly one of ConnectionString and ConnectionStringFile");
        Refuse(new RedisAdapterTransportOptions { ConnectionString = "127.0.0.1:6379", ConnectionStringFile = FileWith("127.0.0.1:6379") })
            .ShouldContain("set exactly one of ConnectionString and ConnectionStringFile");
    }

    [Fact]
    public void A_connection_string_file_that_is_missing_empty_or_unreadable_is_named()
    {
        var missing = Path.Combine(_directory, "missing");
        Refuse(new RedisAdapterTransportOptions { ConnectionStringFile = missing }).ShouldBe($"RedisAdapterTransportOptions.ConnectionStringFile: the file '{missing}' does not exist.");
        var empty = FileWith("  \n");
        Refuse(new RedisAdapterTransportOptions { ConnectionStringFile = empty }).ShouldBe($"RedisAdapterTransportOptions.ConnectionStringFile: the file '{empty}' is empty.");

        // Exists, but reading it is an I/O error whoever the user is (the tests run as root).
        Refuse(new RedisAdapterTransportOptions { ConnectionStringFile = "/proc/self/mem" })
            .ShouldBe("RedisAdapterTransportOptions.ConnectionStringFile: the file '/proc/self/mem' cannot be read (IOException).");
    }

    [Theory]
    [InlineData(",abortConnect=false", "names no endpoint")]
    [InlineData("127.0.0.1:6379,password=hunter2-secret,connectTimeout=soon", "is not a valid StackExchange.Redis connection string")]
    public void A_connection_string_that_cannot_work_is_refused_without_echoing_it(string connectionString, string problem)
    {
        var inline = Refuse(new RedisAdapterTransportOptions { ConnectionString = connectionString });
        var fromFile = Refuse(new RedisAdapterTransportOptions { ConnectionStringFile = FileWith(connectionString) });

        inline.ShouldStartWith("RedisAdapterTransportOptions.ConnectionString ");
        inline.ShouldContain(problem);
        fromFile.ShouldStartWith("RedisAdapterTransportOptions.ConnectionStringFile (");
        fromFile.ShouldContain(problem);
        inline.ShouldNotContain("hunter2-secret");
        fromFile.ShouldNotContain("hunter2-secret");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public void A_partition_count_the_silos_cannot_read_is_refused(int partitions) =>
        Refuse(new RedisAdapterTransportOptions { ConnectionString = "127.0.0.1:6379", Partitions = partitions })
            .ShouldStartWith($"RedisAdapterTransportOptions.Partitions is {partitions}; it must be 1-1024");

    [Fact]
    public void A_key_with_an_id_the_keyring_could_never_hold_is_refused_naming_it()
    {
        KeyRefusal(new AdapterKeyOptions { AdapterId = "edge 1", KeyId = "k1", Secret = Secret })
            .ShouldStartWith("Chimera:Adapter:Key:AdapterId must be 1-128 of A-Z a-z 0-9 - _ . :");
        KeyRefusal(new AdapterKeyOptions { AdapterId = "edge-1", KeyId = new string('k', 129), Secret = Secret })
            .ShouldStartWith("Chimera:Adapter:Key:KeyId must be 1-128");
    }

    [Fact]
    public void A_key_secret_that_cannot_be_read_or_decoded_is_refused_without_echoing_it()
    {
        KeyRefusal(new AdapterKeyOptions { AdapterId = "edge-1", KeyId = "k1", SecretFile = "/proc/self/mem" })
            .ShouldBe("Chimera:Adapter:Key:SecretFile (/proc/self/mem): the file cannot be read (IOException).");
        KeyRefusal(new AdapterKeyOptions { AdapterId = "edge-1", KeyId = "k1", Secret = "not-base64!hunter2" })
            .ShouldBe("Chimera:Adapter:Key:Secret: the secret is not valid base64.");
        KeyRefusal(new AdapterKeyOptions { AdapterId = "edge-1", KeyId = "k1", SecretFile = FileWith(Convert.ToBase64String(new byte[31])) })
            .ShouldEndWith("the secret is 31 bytes; at least 32 are required.");
    }

    [Fact]
    public void A_valid_key_loads_for_its_influencer()
    {
        var key = new AdapterKeyOptions { AdapterId = "edge-1", KeyId = "k1", SecretFile = FileWith(Secret) }.Load("alpha");

        key.Influencers.ShouldBe(["alpha"]);
        key.Secret.ShouldBe(Convert.FromBase64String(Secret));
    }

    private static string Refuse(RedisAdapterTransportOptions options) =>
        Should.Throw<OptionsValidationException>(() => RedisAdapterTransport.Create(options)).Failures.ShouldHaveSingleItem();

    private static string KeyRefusal(AdapterKeyOptions options) =>
        Should.Throw<OptionsValidationException>(() => options.Load("alpha")).Failures.ShouldHaveSingleItem();

    private string FileWith(string content)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        return path;
    }
}
