using System.Text.Json;
using Chimera.Adapters.Redis;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Redis.Outbound;
using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

/// <summary>
/// The Redis working set follows the one liveness rule (spec §3.3): an influencer that keeps heartbeating keeps its
/// latest-status key, and the key says what the registry says; it is gone once the status expires.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class LatestKeyTests
{
    [Fact]
    public async Task Heartbeats_keep_the_latest_key_alive_long_after_the_last_change_and_it_reads_as_the_view()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await RedisFaultCluster.StartAsync(redis);
        await using var transport = RedisAdapterTransport.Create(redis.ConnectionString, RedisFaultCluster.Partitions);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        const string id = "latest-alpha";
        var key = RedisStatusOutbound.LatestKey(id);
        var change = cluster.Clock.GetUtcNow();

        // Relevance 1.0: TTL 60 s. One change, then a heartbeat every 20 s (as the new user did).
        await PublishAsync(cluster, transport, id, "change", InfluencerStatus.Online);
        for (var beat = 1; beat <= 4; beat++)
        {
            cluster.Clock.Advance(TimeSpan.FromSeconds(20));
            await PublishAsync(cluster, transport, id, $"beat-{beat}", InfluencerStatus.Online);
        }

        // 85 s after the change, 25 s past its own TTL: the key is there and reads as the live view.
        cluster.Clock.Advance(TimeSpan.FromSeconds(5));
        var lastBeat = change + TimeSpan.FromSeconds(80);
        var json = await Eventually.ReturnsAsync<JsonElement?>(async () =>
        {
            var value = await admin.GetDatabase().StringGetAsync(key);
            return value.IsNull ? null : JsonDocument.Parse((string)value!).RootElement.Clone();
        }, j => j is { } doc && doc.GetProperty("last_seen").GetDateTimeOffset() == lastBeat, "the key refreshed by the last heartbeat");
        var root = json!.Value;
        root.GetProperty("status").GetString().ShouldBe("online");
        root.GetProperty("is_stale").GetBoolean().ShouldBeFalse();
        root.GetProperty("expires_at").GetDateTimeOffset().ShouldBe(lastBeat + HeartbeatCadence.Ttl(1.0));
        var pttl = (long)await admin.GetDatabase().ExecuteAsync("PTTL", key);
        pttl.ShouldBeInRange(1, (long)HeartbeatCadence.Ttl(1.0).TotalMilliseconds); // never longer than the status lives

        // Once the status expires it is gone from the working set.
        cluster.Clock.Advance(HeartbeatCadence.Ttl(1.0));
        await Eventually.TrueAsync(async () => !await admin.GetDatabase().KeyExistsAsync(key), "the key to be gone once the status expired");
        (await cluster.Cluster.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync())!.IsStale.ShouldBeTrue();
    }

    private static async Task PublishAsync(RedisFaultCluster cluster, RedisAdapterTransport transport, string id, string eventId, InfluencerStatus status)
    {
        var statusEvent = StatusEvents.Create(id, cluster.Clock.GetUtcNow(), status, eventId: $"{id}-{eventId}") with { RelevanceScore = 1.0 };
        await transport.PublishAsync(StatusEvents.Sign(statusEvent), id);
        await Eventually.ReturnsAsync(
            () => cluster.Cluster.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask(),
            v => v?.LastEventId == statusEvent.EventId, $"{statusEvent.EventId} applied");
    }
}
