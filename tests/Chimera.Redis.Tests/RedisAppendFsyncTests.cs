using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

/// <summary>
/// The fixture's AOF fsync setting does what it says: <c>always</c> for the durability tests, <c>everysec</c> (the
/// production default) for the benchmark's production profile, which BENCHMARKS.md states.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class RedisAppendFsyncTests
{
    [Theory]
    [InlineData(RedisAppendFsync.Always, "always")]
    [InlineData(RedisAppendFsync.EverySecond, "everysec")]
    public async Task The_server_runs_with_the_fsync_policy_it_was_started_with(RedisAppendFsync policy, string expected)
    {
        await using var server = await RedisServer.StartAsync(policy);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");

        var config = await redis.GetServer(redis.GetEndPoints()[0]).ConfigGetAsync("appendfsync");

        config.ShouldHaveSingleItem().Value.ShouldBe(expected);
        (await redis.GetServer(redis.GetEndPoints()[0]).ConfigGetAsync("appendonly")).ShouldHaveSingleItem().Value.ShouldBe("yes");
    }
}
