using System.Text.Json;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Grains.Outbound;
using Chimera.Redis.Outbound;

namespace Chimera.Redis.Tests;

public sealed class RedisStatusOutboundTests
{
    [Fact]
    public async Task LatestStatusKey_ExpiresWithTheStatus_AndIsDeletedOnceExpired()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var outbound = new RedisStatusOutbound(h.Redis, h.Clock, Microsoft.Extensions.Options.Options.Create(h.Options));
        var now = h.Clock.GetUtcNow();
        var view = View("alpha", now, expiresAt: now.AddSeconds(90));

        await outbound.PublishLatestAsync(view);

        var key = RedisStatusOutbound.LatestKey("alpha");
        var pttl = (long)await h.Db.ExecuteAsync("PTTL", key);
        pttl.ShouldBeInRange(1, 90_000); // PX = ExpiresAt - now; Redis counts down from 90,000 ms
        var json = JsonDocument.Parse((string)(await h.Db.StringGetAsync(key))!).RootElement;
        json.GetProperty("status").GetString().ShouldBe("online");
        json.TryGetProperty("last_event_id", out _).ShouldBeFalse();

        h.Clock.Advance(TimeSpan.FromSeconds(91));
        await outbound.PublishLatestAsync(view);
        (await h.Db.KeyExistsAsync(key)).ShouldBeFalse();
    }

    [Fact]
    public async Task LatestStatusKey_VanishesByItselfAtExpiry()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var outbound = new RedisStatusOutbound(h.Redis, h.Clock, Microsoft.Extensions.Options.Options.Create(h.Options));
        var now = h.Clock.GetUtcNow();
        await outbound.PublishLatestAsync(View("alpha", now, expiresAt: now.AddMilliseconds(50)));
        var key = RedisStatusOutbound.LatestKey("alpha");

        // Redis expires the key on its own clock: poll with a bounded deadline.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await h.Db.KeyExistsAsync(key) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        (await h.Db.KeyExistsAsync(key)).ShouldBeFalse();
    }

    [Fact]
    public async Task Announce_WritesAnEnvelopeWithExactlyTheFivePublicPayloadFields()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var outbound = new RedisStatusOutbound(h.Redis, h.Clock, Microsoft.Extensions.Options.Options.Create(h.Options));

        await outbound.AnnounceAsync(new OpenClawAnnouncement("alpha", "Alpha", ["video"], h.Clock.GetUtcNow(), 0.75));

        var entry = (await h.Db.StreamRangeAsync(PerceptionNames.AnnounceTopic)).Single();
        entry.Values.Select(v => (string)v.Name!).ShouldBe(["event"]);
        var root = JsonDocument.Parse((string)entry["event"]!).RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "source", "timestamp", "type", "payload"]);
        root.GetProperty("id").GetString()!.ShouldStartWith("openclaw-announce-");
        root.GetProperty("source").GetString().ShouldBe("chimera/registry");
        root.GetProperty("type").GetString().ShouldBe(PerceptionNames.AnnounceEventType);
        root.GetProperty("payload").EnumerateObject().Select(p => p.Name).ShouldBe(["influencer_id", "display_name", "capabilities_public", "last_seen", "trust_score"]);
    }

    private static InfluencerView View(string id, DateTimeOffset lastSeen, DateTimeOffset expiresAt) => new()
    {
        InfluencerId = id,
        Status = InfluencerStatus.Online,
        ReportedStatus = InfluencerStatus.Online,
        IsStale = false,
        Capabilities = [new Capability("video-gen", 2)],
        Load = 0.2,
        Confidence = 0.9,
        RelevanceScore = 0.5,
        LastSeen = lastSeen,
        ExpiresAt = expiresAt,
        HeartbeatInterval = TimeSpan.FromSeconds(45),
        Ttl = expiresAt - lastSeen,
        LastEventId = "e-1",
        LastChangeAt = lastSeen,
        ProbesPassed = 0,
        ProbesTotal = 0,
        TrustScore = 0.5,
    };
}
