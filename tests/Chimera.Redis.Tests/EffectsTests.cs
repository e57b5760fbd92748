using Chimera.Adapters.Redis;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Redis.Outbound;
using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

/// <summary>
/// Effects applied in full or redone in full, on real Redis (spec §2.3, §9): a change whose state write keeps failing
/// after its audit row went in is not treated as done — its entry stays pending in Redis while the grain retries, and
/// is acknowledged only once the state is stored; routing, the latest key and the announce are all there.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class EffectsTests
{
    [Fact]
    public async Task AChangeWhoseStateWriteFails_StaysUnacknowledgedWhileItIsRetried_AndIsCompleteOnceItSucceeds()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await RedisFaultCluster.StartAsync(redis);
        await using var transport = RedisAdapterTransport.Create(redis.ConnectionString, RedisFaultCluster.Partitions);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        const string id = "effects-1";
        var key = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf(id, RedisFaultCluster.Partitions));
        cluster.Storage.FailWritesOf(id, int.MaxValue);

        var change = StatusEvents.Create(id, cluster.Clock.GetUtcNow(), eventId: $"{id}-online") with { Capabilities = [Capability.Parse("effects-a:v1")] };
        await transport.PublishAsync(StatusEvents.Sign(change), id);

        // The views moved and the row is in, but the state is not stored: the entry is still owed.
        await Eventually.ReturnsAsync(() => cluster.Cluster.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask(), v => v?.LastEventId == change.EventId, "the change applied");
        await Eventually.TrueAsync(() => Task.FromResult(cluster.Audit.Count == 1), "its audit row");
        await Eventually.TrueAsync(async () => (await admin.GetDatabase().StreamLengthAsync(PerceptionNames.AnnounceTopic)) == 1, "its announcement");
        (await admin.GetDatabase().StreamPendingAsync(key, "chimera")).PendingMessageCount.ShouldBe(1);
        var writesBefore = cluster.Storage.Writes.GetValueOrDefault(id);

        cluster.Storage.FailWritesOf(id, 0); // the storage recovers; the grain's next retry goes through

        await Eventually.TrueAsync(async () => (await admin.GetDatabase().StreamPendingAsync(key, "chimera")).PendingMessageCount == 0, "the entry acknowledged once the state is stored");
        cluster.Storage.Writes.GetValueOrDefault(id).ShouldBeGreaterThan(writesBefore);
        (await admin.GetDatabase().KeyExistsAsync(RedisStatusOutbound.LatestKey(id))).ShouldBeTrue();
        var route = await cluster.Cluster.Client.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool).RouteAsync(new RouteRequest([Capability.Parse("effects-a:v1")]));
        route.Candidates.Single().InfluencerId.ShouldBe(id);
        cluster.Audit.Count.ShouldBe(1);
        (await admin.GetDatabase().StreamLengthAsync(PerceptionNames.AnnounceTopic)).ShouldBe(1);
    }
}
