using Chimera.Cli;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.Tests.Adapters;

/// <summary><c>chimera publish --via redis</c> against a real redis-server: the entry lands where silos read it, and verifies.</summary>
public sealed class CliRedisPublishTests
{
    [Fact]
    public async Task PublishViaRedis_WritesOneVerifiableEntryToTheInfluencersPartition()
    {
        await using var redis = await RedisServer.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ChimeraCli.RunAsync(
            ["publish", "--influencer", "alpha", "--status", "online", "--capability", "video-gen:v2", "--via", "redis", "--redis", redis.ConnectionString, "--partitions", "4", "--json"],
            output,
            error);

        error.ToString().ShouldBeEmpty();
        code.ShouldBe(0);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var key = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf("alpha", 4));
        var entry = (await connection.GetDatabase().StreamRangeAsync(key)).ShouldHaveSingleItem();
        var signed = new SignedStatusEntry(
            (byte[])entry[SignedEntryFields.Event]!,
            entry[SignedEntryFields.Adapter],
            entry[SignedEntryFields.KeyId],
            entry[SignedEntryFields.Signature]);
        new AdapterKeyring([DevelopmentKeys.Key]).Verify(signed, "alpha").ShouldBeNull();
    }
}
