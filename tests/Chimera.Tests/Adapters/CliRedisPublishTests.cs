using Chimera.Cli;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.Tests.Adapters;

/// <summary><c>chimera publish --via redis</c> against a real redis-server: the entry lands where silos read it, and verifies.</summary>
[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class CliRedisPublishTests
{
    [Fact]
    public async Task PublishViaRedis_WritesOneVerifiableEntryToTheInfluencersPartition()
    {
        await using var redis = await RedisServer.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var secret = new byte[32];
        System.Security.Cryptography.RandomNumberGenerator.Fill(secret);
        var variable = "CHIMERA_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Convert.ToBase64String(secret));

        var code = await ChimeraCli.RunAsync(
            ["publish", "--influencer", "alpha", "--status", "online", "--capability", "video-gen:v2", "--via", "redis", "--redis", redis.ConnectionString, "--partitions", "4", "--json",
             "--adapter-id", "adapter-alpha", "--key-id", "k1", "--secret-env", variable],
            output,
            error);

        error.ToString().ShouldBeEmpty();
        code.ShouldBe(0);
        output.ToString().ShouldContain("\"accepted\":false"); // written, not yet verified: the silo checks it when it reads it
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var key = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf("alpha", 4));
        var entry = (await connection.GetDatabase().StreamRangeAsync(key)).ShouldHaveSingleItem();
        var signed = new SignedStatusEntry(
            (byte[])entry[SignedEntryFields.Event]!,
            entry[SignedEntryFields.Adapter],
            entry[SignedEntryFields.KeyId],
            entry[SignedEntryFields.Signature]);
        new AdapterKeyring([new AdapterKey("adapter-alpha", "k1", secret, ["alpha"])]).Verify(signed, "alpha").ShouldBeNull();
    }

    [Fact]
    public async Task PublishViaRedis_WithTheDevelopmentKey_IsRefusedAndWritesNothing()
    {
        // Every silo that reads Redis runs with real servers and refuses the public key: it would dead-letter the
        // event (unknown_adapter) after the CLI said "published". The CLI must not claim a success that is not one.
        await using var redis = await RedisServer.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ChimeraCli.RunAsync(
            ["publish", "--influencer", "alpha", "--status", "online", "--via", "redis", "--redis", redis.ConnectionString, "--partitions", "4"],
            output,
            error);

        code.ShouldBe(2);
        output.ToString().ShouldBeEmpty();
        error.ToString().ShouldContain("--secret-env");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var key = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf("alpha", 4));
        (await connection.GetDatabase().StreamLengthAsync(key)).ShouldBe(0);
    }
}
