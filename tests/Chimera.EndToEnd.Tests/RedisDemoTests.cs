using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Wire;
using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.EndToEnd.Tests;

/// <summary>The silo process on the Redis profile: its demo adapters publish through Redis like real adapters.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class RedisDemoTests
{
    [Fact]
    public async Task With_Redis_configured_the_demo_publishes_through_the_status_partitions_and_the_silo_consumes_them()
    {
        await using var redis = await RedisServer.StartAsync();
        var secret = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
        await using var silo = await SiloProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__Redis"] = redis.ConnectionString,
                ["Chimera__Provenance__Adapters__0__AdapterId"] = "demo-adapter",
                ["Chimera__Provenance__Adapters__0__KeyId"] = "k1",
                ["Chimera__Provenance__Adapters__0__Secret"] = secret,
                ["Chimera__Provenance__Adapters__0__Influencers__0"] = "*", // the demo publishes every simulated influencer with this one key
            },
            ["--demo", "3", "--Chimera:Demo:RefreshInterval=00:00:01"]);

        await Eventually.TrueAsync(() => Task.FromResult(silo.Output.Contains("3 influencers", StringComparison.Ordinal)), "the registry to show 3 influencers");

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        var publishers = new SortedSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < 8; p++)
        {
            foreach (var entry in await db.StreamRangeAsync(StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, p)))
            {
                var id = StatusEventJson.PeekInfluencerId((byte[])entry[SignedEntryFields.Event]!);
                id.ShouldNotBeNull();
                StatusPartitioner.PartitionOf(id, 8).ShouldBe(p);
                publishers.Add(id);
            }
        }

        publishers.ShouldBe(["alpha", "bravo", "charlie"]);
        (await db.StreamLengthAsync(PerceptionNames.DeadLetterTopic)).ShouldBe(0);
        // The index can count an influencer a moment before its outbound writes land: wait for those.
        await Eventually.TrueAsync(async () => (await db.KeyExistsAsync("mcp.perception.influencer.latest:charlie")) && (await AnnouncedAsync(db)).Count == 3, "the latest keys and announcements");
        foreach (var id in publishers)
        {
            (await db.KeyExistsAsync($"mcp.perception.influencer.latest:{id}")).ShouldBeTrue(id);
        }

        (await AnnouncedAsync(db)).ShouldBe(["alpha", "bravo", "charlie"], ignoreOrder: true);
    }

    private static async Task<HashSet<string?>> AnnouncedAsync(IDatabase db) =>
        (await db.StreamRangeAsync(PerceptionNames.AnnounceTopic))
            .Select(e => System.Text.Json.JsonDocument.Parse((string)e[SignedEntryFields.Event]!).RootElement.GetProperty("payload").GetProperty("influencer_id").GetString())
            .ToHashSet();
}
