using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chimera.Adapters.Redis;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Core.Outbound;
using Chimera.Redis.Outbound;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

/// <summary>
/// Spec §6.1 read independently of the encoder: what a real silo writes to <c>mcp.perception.openclaw.announce</c>
/// for an event that carries everything that must not leave the cluster (provenance, trace id, current task, load,
/// confidence, relevance, internal capabilities). And §3.3 through the Redis receiver: a backlog past its TTL is
/// applied but never made live — no latest key, one announcement.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed partial class AnnounceFormatTests
{
    private const string Id = "fmt-alpha";

    // ISO-8601 UTC with Z: date, 'T', time, an optional fraction, 'Z' — no offset, no space.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    private static partial Regex UtcTimestamp();

    [GeneratedRegex("^openclaw-announce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex AnnounceId();

    [Fact]
    public async Task The_announce_entry_has_exactly_the_spec_fields_in_the_spec_formats_and_nothing_private()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await RedisFaultCluster.StartAsync(redis, silo =>
            silo.Services.Configure<AnnounceOptions>(o => o.DisplayNames[Id] = "Alpha Studio"));
        await using var transport = RedisAdapterTransport.Create(redis.ConnectionString, RedisFaultCluster.Partitions);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        // A timestamp with a fraction, so its spelling is under test too.
        var timestamp = cluster.Clock.GetUtcNow() - TimeSpan.FromMilliseconds(1500.25);
        var statusEvent = StatusEvents.Create(Id, timestamp, eventId: "fmt-alpha-1") with
        {
            Capabilities = new[] { "x-beta:v1", "video-gen:v2", "internal-ops:v1", "captioning:v1", "private-notes:v3" }.Select(Capability.Parse).ToArray(),
            CurrentTask = "secret-task-42",
            TraceId = "trace-secret-7",
            Load = 0.33,
            Confidence = 0.98,
            RelevanceScore = 0.75,
        };
        var signed = StatusEvents.Sign(statusEvent);
        await transport.PublishAsync(signed, Id);
        await Eventually.ReturnsAsync(() => cluster.Cluster.Client.GetGrain<IInfluencerGrain>(Id).GetStatusAsync().AsTask(), v => v?.LastEventId == statusEvent.EventId, $"{statusEvent.EventId} applied");

        var entries = await Eventually.ReturnsAsync(() => admin.GetDatabase().StreamRangeAsync("mcp.perception.openclaw.announce"), e => e.Length > 0, "the announcement on the announce stream");
        var entry = entries.ShouldHaveSingleItem();
        entry.Values.Select(v => (string)v.Name!).ShouldBe(["event"], "one field, event");
        var raw = (byte[])entry["event"]!;
        var text = Encoding.UTF8.GetString(raw);

        var root = JsonDocument.Parse(raw).RootElement;
        root.ValueKind.ShouldBe(JsonValueKind.Object);
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "source", "timestamp", "type", "payload"]);
        root.EnumerateObject().Where(p => p.Name != "payload").ShouldAllBe(p => p.Value.ValueKind == JsonValueKind.String);
        AnnounceId().IsMatch(root.GetProperty("id").GetString()!).ShouldBeTrue(root.GetProperty("id").GetString());
        root.GetProperty("source").GetString().ShouldBe("chimera/registry");
        root.GetProperty("type").GetString().ShouldBe("mcp.perception.openclaw.announce");
        var envelopeTime = root.GetProperty("timestamp").GetString()!;
        UtcTimestamp().IsMatch(envelopeTime).ShouldBeTrue(envelopeTime);
        DateTimeOffset.Parse(envelopeTime, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ShouldBe(cluster.Clock.GetUtcNow(), "announced at the silo's (frozen) time");

        var payload = root.GetProperty("payload");
        payload.ValueKind.ShouldBe(JsonValueKind.Object);
        payload.EnumerateObject().Select(p => p.Name).ShouldBe(["influencer_id", "display_name", "capabilities_public", "last_seen", "trust_score"]);
        payload.GetProperty("influencer_id").GetString().ShouldBe(Id);
        payload.GetProperty("display_name").GetString().ShouldBe("Alpha Studio");
        var capabilities = payload.GetProperty("capabilities_public");
        capabilities.ValueKind.ShouldBe(JsonValueKind.Array);
        capabilities.EnumerateArray().ShouldAllBe(c => c.ValueKind == JsonValueKind.String);
        capabilities.EnumerateArray().Select(c => c.GetString()).ShouldBe(["captioning:v1", "video-gen:v2"], "§6.2: internal-, private-, x- dropped; ordinal order");
        var lastSeen = payload.GetProperty("last_seen");
        lastSeen.ValueKind.ShouldBe(JsonValueKind.String);
        UtcTimestamp().IsMatch(lastSeen.GetString()!).ShouldBeTrue(lastSeen.GetString());
        DateTimeOffset.Parse(lastSeen.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ShouldBe(timestamp, "the event's own time, to the tick");
        var trust = payload.GetProperty("trust_score");
        trust.ValueKind.ShouldBe(JsonValueKind.Number, "a JSON number, not a string");
        trust.GetRawText().ShouldBe("0.79", "§6.3: round(0.6 × 0.98 + 0.4 × 0.5, 2)");

        // Nothing private, anywhere in the text: no value of it, and no property but the ten above at any depth.
        foreach (var secret in new[] { "trace-secret-7", "secret-task-42", TestKeys.Any.AdapterId, TestKeys.Any.KeyId, signed.Signature!, "internal-ops", "x-beta", "private-notes", "0.33", "0.98" })
        {
            text.ShouldNotContain(secret, Case.Sensitive);
        }

        PropertyNames(root).Order(StringComparer.Ordinal).ShouldBe(
            new[] { "id", "source", "timestamp", "type", "payload", "influencer_id", "display_name", "capabilities_public", "last_seen", "trust_score" }.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> PropertyNames(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };

    [Fact]
    public async Task A_backlog_entry_past_its_ttl_is_applied_through_the_receiver_but_never_made_live()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await RedisFaultCluster.StartAsync(redis);
        await using var transport = RedisAdapterTransport.Create(redis.ConnectionString, RedisFaultCluster.Partitions);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        const string id = "backlog-redis";
        var late = StatusEvents.Create(id, cluster.Clock.GetUtcNow() - HeartbeatCadence.Ttl(1.0), eventId: "backlog-redis-1") with { RelevanceScore = 1.0 };

        await transport.PublishAsync(StatusEvents.Sign(late), id);
        var view = await Eventually.ReturnsAsync(() => cluster.Cluster.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask(), v => v?.LastEventId == late.EventId, $"{late.EventId} applied");

        view!.IsStale.ShouldBeTrue("§3.3: a backlog past its TTL leaves the influencer stale");
        var now = cluster.Clock.GetUtcNow();
        var rows = await Eventually.ReturnsAsync(
            async () => await cluster.Audit.GetHistoryAsync(new AuditQuery(id, now - TimeSpan.FromDays(1), now + TimeSpan.FromDays(1))),
            r => r.Count == 2, $"the change row and the stale row of {id}");
        rows.Select(r => r.Kind).Order().ShouldBe(new[] { AuditKind.StatusChange, AuditKind.StaleDetected }.Order());
        var streamKey = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf(id, RedisFaultCluster.Partitions));
        await Eventually.TrueAsync(async () => (await admin.GetDatabase().StreamPendingAsync(streamKey, "chimera")).PendingMessageCount == 0, $"the backlog entry of {id} acknowledged");
        (await admin.GetDatabase().StreamLengthAsync(PerceptionNames.DeadLetterTopic)).ShouldBe(0);
        (await admin.GetDatabase().KeyExistsAsync(RedisStatusOutbound.LatestKey(id))).ShouldBeFalse("never written as live");
        (await admin.GetDatabase().StreamLengthAsync(PerceptionNames.AnnounceTopic)).ShouldBe(1, "one announcement, no live-then-gone flap");
    }
}
