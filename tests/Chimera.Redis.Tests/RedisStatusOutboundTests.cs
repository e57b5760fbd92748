using System.Text.Json;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Redis.Outbound;
using Chimera.Testing;

namespace Chimera.Redis.Tests;

[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class RedisStatusOutboundTests
{
    [Fact]
    public async Task LatestStatusKey_ExpiresWithTheStatus_AndIsDeletedOnceExpired()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var outbound = new RedisStatusOutbound(h.Redis, h.Clock, Microsoft.Extensions.Options.Options.Create(h.Options));
        var now = h.Clock.GetUtcNow();
        var view = View("alpha", now, expiresAt: now.AddSeconds(90));

        var written = outbound.PublishLatestAsync(view);
        written.IsCompleted.ShouldBeFalse(); // batched: written by the next flush
        var key = RedisStatusOutbound.LatestKey("alpha");
        var px = await KeyExpiry.PxOfWriteAsync(h.Db, key, async () =>
        {
            await outbound.FlushAsync();
            await written;
        });
        px.ShouldContain(90_000); // PX = ExpiresAt - now on the fake clock: exactly 90 s
        var json = JsonDocument.Parse((string)(await h.Db.StringGetAsync(key))!).RootElement;
        json.GetProperty("status").GetString().ShouldBe("online");
        json.GetProperty("is_suspect").GetBoolean().ShouldBeFalse();
        json.TryGetProperty("last_event_id", out _).ShouldBeFalse();

        h.Clock.Advance(TimeSpan.FromSeconds(91));
        var deleted = outbound.PublishLatestAsync(view);
        await outbound.FlushAsync();
        await deleted;
        (await h.Db.KeyExistsAsync(key)).ShouldBeFalse();
    }

    [Fact]
    public async Task LatestStatusKey_VanishesByItselfAtExpiry()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var outbound = new RedisStatusOutbound(h.Redis, h.Clock, Microsoft.Extensions.Options.Options.Create(h.Options));
        var now = h.Clock.GetUtcNow();
        outbound.RefreshLatest(View("alpha", now, expiresAt: now.AddMilliseconds(50)));
        await outbound.FlushAsync();
        var key = RedisStatusOutbound.LatestKey("alpha");

        // Redis expires the key on its own clock: poll with a bounded deadline.
        await Eventually.TrueAsync(async () => !await h.Db.KeyExistsAsync(key), "the key to expire in Redis");
    }

    [Fact]
    public async Task HeartbeatRefreshes_AreWrittenInOneFlush_WithTheTimeLeftAtFlushTime_AndTheNewestViewWins()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var outbound = new RedisStatusOutbound(h.Redis, h.Clock, Microsoft.Extensions.Options.Options.Create(h.Options));
        var now = h.Clock.GetUtcNow();
        for (var i = 0; i < 500; i++)
        {
            outbound.RefreshLatest(View($"inf-{i}", now, expiresAt: now.AddSeconds(60)));
        }

        outbound.RefreshLatest(View("inf-0", now.AddSeconds(20), expiresAt: now.AddSeconds(80))); // a later heartbeat of one
        outbound.Pending.ShouldBe(500); // one pending write per influencer, however many heartbeats

        h.Clock.Advance(TimeSpan.FromSeconds(5)); // the flush computes the time left now, not at enqueue time
        var px = await KeyExpiry.PxOfWriteAsync(h.Db, RedisStatusOutbound.LatestKey("inf-0"), () => outbound.FlushAsync());
        outbound.Pending.ShouldBe(0);
        px.ShouldContain(75_000); // 80 s expiry - 5 s elapsed: never longer than the status lives
        var json = JsonDocument.Parse((string)(await h.Db.StringGetAsync(RedisStatusOutbound.LatestKey("inf-0")))!).RootElement;
        json.GetProperty("last_seen").GetString().ShouldBe("2026-11-23T12:00:20Z");
        ((long)await h.Db.ExecuteAsync("PTTL", RedisStatusOutbound.LatestKey("inf-499"))).ShouldBeLessThanOrEqualTo(55_000);
    }

    [Fact]
    public async Task ASuspectStatus_KeepsItsKeyUntilTheHoldEnds_MarkedSuspect()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var outbound = new RedisStatusOutbound(h.Redis, h.Clock, Microsoft.Extensions.Options.Options.Create(h.Options));
        var now = h.Clock.GetUtcNow();
        outbound.RefreshLatest(View("alpha", now.AddSeconds(-70), expiresAt: now.AddSeconds(-10)) with { IsSuspect = true, SuspectUntil = now.AddSeconds(30) });
        var key = RedisStatusOutbound.LatestKey("alpha");
        (await KeyExpiry.PxOfWriteAsync(h.Db, key, () => outbound.FlushAsync())).ShouldContain(30_000); // kept until the hold ends, not the lapsed expiry
        JsonDocument.Parse((string)(await h.Db.StringGetAsync(key))!).RootElement.GetProperty("is_suspect").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task AFailedWrite_FailsTheChangeThatWaitsForIt_SoItsGrainRetries()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var outbound = new RedisStatusOutbound(h.Redis, h.Clock, Microsoft.Extensions.Options.Options.Create(h.Options));
        var now = h.Clock.GetUtcNow();
        h.Server.Stop();
        var written = outbound.PublishLatestAsync(View("alpha", now, expiresAt: now.AddSeconds(60)));

        await outbound.FlushAsync();

        await Should.ThrowAsync<Exception>(() => written);
        await h.Server.StartAgainAsync();
    }

    [Fact]
    public async Task Announce_WritesAnEnvelopeWithExactlyTheFivePublicPayloadFields()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var outbound = new RedisStatusOutbound(h.Redis, h.Clock, Microsoft.Extensions.Options.Options.Create(h.Options));

        var announcementId = Guid.NewGuid();
        await outbound.AnnounceAsync(new OpenClawAnnouncement("alpha", "Alpha", ["video"], h.Clock.GetUtcNow(), 0.75), announcementId);

        var entry = (await h.Db.StreamRangeAsync(PerceptionNames.AnnounceTopic)).Single();
        entry.Values.Select(v => (string)v.Name!).ShouldBe(["event"]);
        var root = JsonDocument.Parse((string)entry["event"]!).RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "source", "timestamp", "type", "payload"]);
        root.GetProperty("id").GetString().ShouldBe("openclaw-announce-" + announcementId.ToString("D"));
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
