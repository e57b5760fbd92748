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
        for (var beat = 1; beat <= 3; beat++)
        {
            cluster.Clock.Advance(TimeSpan.FromSeconds(20));
            await PublishAsync(cluster, transport, id, $"beat-{beat}", InfluencerStatus.Online);
        }

        // The fourth beat is stamped 3 s before the (frozen) silo clock, so the key's PX is the time left, 57 s, not the
        // TTL: the refresh is flushed between two readings of the Redis clock, and the key's absolute expiry
        // (PEXPIRETIME) must be that PX after the write, exactly.
        cluster.Clock.Advance(TimeSpan.FromSeconds(20));
        var lastBeat = change + TimeSpan.FromSeconds(80) - TimeSpan.FromSeconds(3);
        var db = admin.GetDatabase();
        var before = await RedisMillisecondsAsync(db);
        await PublishAsync(cluster, transport, id, "beat-4", InfluencerStatus.Online, lastBeat);
        var json = await Eventually.ReturnsAsync<JsonElement?>(async () =>
        {
            var value = await db.StringGetAsync(key);
            return value.IsNull ? null : JsonDocument.Parse((string)value!).RootElement.Clone();
        }, j => j is { } doc && doc.GetProperty("last_seen").GetDateTimeOffset() == lastBeat, "the key refreshed by the last heartbeat");
        var after = await RedisMillisecondsAsync(db);
        var expectedPx = (long)(lastBeat + HeartbeatCadence.Ttl(1.0) - cluster.Clock.GetUtcNow()).TotalMilliseconds;
        expectedPx.ShouldBe(57_000);
        var expireTime = (long)await db.ExecuteAsync("PEXPIRETIME", key);
        expireTime.ShouldBeInRange(before + expectedPx, after + expectedPx, "PEXPIRETIME = the write's Redis time + the time left until expires_at");

        // 82 s after the change, 22 s past its own TTL: the key is there and reads as the live view.
        cluster.Clock.Advance(TimeSpan.FromSeconds(5));
        var root = json!.Value;
        root.GetProperty("status").GetString().ShouldBe("online");
        root.GetProperty("is_stale").GetBoolean().ShouldBeFalse();
        root.GetProperty("expires_at").GetDateTimeOffset().ShouldBe(lastBeat + HeartbeatCadence.Ttl(1.0));
        (await db.KeyExistsAsync(key)).ShouldBeTrue();

        // Once the status expires it is gone from the working set.
        cluster.Clock.Advance(HeartbeatCadence.Ttl(1.0));
        await Eventually.TrueAsync(async () => !await admin.GetDatabase().KeyExistsAsync(key), "the key to be gone once the status expired");
        (await cluster.Cluster.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync())!.IsStale.ShouldBeTrue();
    }

    private static async Task<long> RedisMillisecondsAsync(IDatabase db)
    {
        var reply = (RedisResult[])(await db.ExecuteAsync("TIME"))!;
        return (long.Parse((string)reply[0]!, System.Globalization.CultureInfo.InvariantCulture) * 1000)
            + (long.Parse((string)reply[1]!, System.Globalization.CultureInfo.InvariantCulture) / 1000);
    }

    private static async Task PublishAsync(RedisFaultCluster cluster, RedisAdapterTransport transport, string id, string eventId, InfluencerStatus status, DateTimeOffset? timestamp = null)
    {
        var statusEvent = StatusEvents.Create(id, timestamp ?? cluster.Clock.GetUtcNow(), status, eventId: $"{id}-{eventId}") with { RelevanceScore = 1.0 };
        await transport.PublishAsync(StatusEvents.Sign(statusEvent), id);
        await Eventually.ReturnsAsync(
            () => cluster.Cluster.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask(),
            v => v?.LastEventId == statusEvent.EventId, $"{statusEvent.EventId} applied");
    }
}
