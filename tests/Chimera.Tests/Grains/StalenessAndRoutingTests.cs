using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Testing;

namespace Chimera.Tests.Grains;

/// <summary>
/// Staleness under fake time, and what the routing index returns. Each test owns its influencer ids and its
/// capability (so other tests' influencers never match), and fake time only moves forward.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class StalenessAndRoutingTests(ChimeraClusterFixture fixture) : IClassFixture<ChimeraClusterFixture>
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private IRoutingGrain Routing => fixture.Client.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool);

    [Fact]
    public async Task The_timer_ages_a_silent_influencer_to_offline_at_last_seen_plus_ttl()
    {
        const string id = "stale-timer-1";
        var online = StatusEvents.Create(id, Now, capabilities: ["stale-a:v1"], relevance: 1.0);
        await PublishAndWaitAsync(online);
        var ttl = HeartbeatCadence.Ttl(1.0);

        fixture.Clock.Advance(ttl - TimeSpan.FromSeconds(1));
        (await GetViewAsync(id))!.IsStale.ShouldBeFalse();

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        var row = await Eventually.ReturnsAsync(
            async () => (await fixture.Audit.GetHistoryAsync(new AuditQuery(id, Now - TimeSpan.FromHours(1), Now + TimeSpan.FromHours(1)))).FirstOrDefault(r => r.Kind == AuditKind.StaleDetected),
            r => r is not null,
            "the stale detection row");

        row!.EventTime.ShouldBe(online.Timestamp + ttl);
        row.RecordedAt.ShouldBe(online.Timestamp + ttl);
        row.PreviousStatus.ShouldBe(InfluencerStatus.Online);
        row.NewStatus.ShouldBe(InfluencerStatus.Offline);
        var view = await GetViewAsync(id);
        view!.IsStale.ShouldBeTrue();
        view.Status.ShouldBe(InfluencerStatus.Offline);
        view.ReportedStatus.ShouldBe(InfluencerStatus.Online);
    }

    [Fact]
    public async Task Heartbeats_keep_a_status_live_past_its_first_ttl()
    {
        const string id = "stale-beat-1";
        var relevance = 1.0;
        var interval = HeartbeatCadence.Interval(relevance);
        await PublishAndWaitAsync(StatusEvents.Create(id, Now, capabilities: ["stale-c:v1"], relevance: relevance));
        for (var i = 0; i < 4; i++)
        {
            fixture.Clock.Advance(interval);
            await PublishAndWaitAsync(StatusEvents.Create(id, Now, capabilities: ["stale-c:v1"], relevance: relevance));
        }

        await fixture.FlushLeasesAsync();
        var view = await GetViewAsync(id);
        view!.IsStale.ShouldBeFalse();
        view.ExpiresAt.ShouldBe(Now + HeartbeatCadence.Ttl(relevance));
        var route = await Routing.RouteAsync(new RouteRequest([Capability.Parse("stale-c:v1")]));
        route.Candidates.Select(c => c.InfluencerId).ShouldBe([id]);
        route.Candidates[0].ExpiresAt.ShouldBe(view.ExpiresAt);
    }

    [Fact]
    public async Task Routing_returns_only_online_and_idle_matches_ranked_by_the_spec()
    {
        var cap = "rank-a:v2";
        await PublishAndWaitAsync(StatusEvents.Create("rank-online-busy", Now, capabilities: [cap], load: 0.9, relevance: 0.5));
        await PublishAndWaitAsync(StatusEvents.Create("rank-online-light", Now, capabilities: ["rank-a:v3"], load: 0.1, relevance: 0.5));
        await PublishAndWaitAsync(StatusEvents.Create("rank-idle", Now, InfluencerStatus.Idle, capabilities: [cap], load: 0.0, relevance: 1.0));
        await PublishAndWaitAsync(StatusEvents.Create("rank-old-version", Now, capabilities: ["rank-a:v1"], load: 0.0));
        await PublishAndWaitAsync(StatusEvents.Create("rank-working", Now, InfluencerStatus.Busy, capabilities: [cap], load: 0.5, currentTask: "t"));
        await PublishAndWaitAsync(StatusEvents.Create("rank-maintenance", Now, InfluencerStatus.Maintenance, capabilities: [cap]));
        await PublishAndWaitAsync(StatusEvents.Create("rank-offline", Now, InfluencerStatus.Offline, capabilities: [cap]));

        var route = await Eventually.ReturnsAsync(
            () => Routing.RouteAsync(new RouteRequest([Capability.Parse(cap)], CostClass.Low, 10)).AsTask(),
            r => r.Candidates.Count == 3,
            "three routable candidates in the index");

        route.Candidates.Select(c => c.InfluencerId).ShouldBe(["rank-online-light", "rank-online-busy", "rank-idle"]);
        route.Candidates[0].Score.ShouldBe((0.7 * 0.9) + (0.3 * 0.5), 1e-9);
        route.ProbesScheduled.ShouldBeEmpty();
    }

    [Fact]
    public async Task High_cost_work_probes_a_low_confidence_match_instead_of_assigning_it()
    {
        const string id = "probe-low-1";
        var cap = "probe-a:v1";
        await PublishAndWaitAsync(StatusEvents.Create(id, Now, capabilities: [cap], confidence: 0.4, load: 0.0));
        await PublishAndWaitAsync(StatusEvents.Create("probe-sure-1", Now, capabilities: [cap], confidence: 0.9, load: 0.5));
        await Eventually.ReturnsAsync(() => Routing.RouteAsync(new RouteRequest([Capability.Parse(cap)], CostClass.Low, 5)).AsTask(), r => r.Candidates.Count == 2, "both in the index");

        var high = await Routing.RouteAsync(new RouteRequest([Capability.Parse(cap)], CostClass.High, 5));

        high.Candidates.Select(c => c.InfluencerId).ShouldBe(["probe-sure-1"]);
        var ticket = high.ProbesScheduled.ShouldHaveSingleItem();
        ticket.InfluencerId.ShouldBe(id);
        ticket.Capabilities.ShouldBe([Capability.Parse(cap)]);
        (await Routing.RouteAsync(new RouteRequest([Capability.Parse(cap)], CostClass.High, 5))).ProbesScheduled.ShouldBeEmpty();

        var pending = await Eventually.ReturnsAsync(() => GetViewAsync(id), v => v?.PendingProbe is not null, "the pending probe");
        pending!.PendingProbe!.ProbeId.ShouldBe(ticket.ProbeId);
        var trustBefore = pending.TrustScore;
        var announcedBefore = fixture.Outbound.AnnouncementsOf(id);

        var after = await fixture.Client.GetGrain<IInfluencerGrain>(id).ReportProbeResultAsync(new ProbeResult(ticket.ProbeId, true, "rendered the probe clip", Now));

        // Spec §6.4: a new trust score is a new public profile, announced once, with the new score.
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Outbound.AnnouncementsOf(id) == announcedBefore + 1), $"the announcement of {id}'s new trust score");
        fixture.Outbound.LastAnnouncement(id)!.TrustScore.ShouldBe(TrustScore.Compute(0.4, 1, 1));

        after.PendingProbe.ShouldBeNull();
        after.ProbesPassed.ShouldBe(1);
        after.ProbesTotal.ShouldBe(1);
        after.TrustScore.ShouldBe(TrustScore.Compute(0.4, 1, 1));
        after.TrustScore.ShouldBeGreaterThan(trustBefore);
        var verified = await Eventually.ReturnsAsync(
            () => Routing.RouteAsync(new RouteRequest([Capability.Parse(cap)], CostClass.High, 5)).AsTask(),
            r => r.Candidates.Count == 2,
            "the verified influencer routable for high-cost work");
        verified.Candidates.Select(c => c.InfluencerId).ShouldBe([id, "probe-sure-1"]);
        var kinds = (await fixture.Audit.GetHistoryAsync(new AuditQuery(id, Now - TimeSpan.FromHours(1), Now + TimeSpan.FromHours(1)))).Select(r => r.Kind);
        kinds.ShouldBe([AuditKind.ProbeResult, AuditKind.ProbeScheduled, AuditKind.StatusChange]);
    }

    [Fact]
    public async Task A_probe_result_for_an_unknown_probe_is_refused()
    {
        const string id = "probe-unknown-1";
        await PublishAndWaitAsync(StatusEvents.Create(id, Now, capabilities: ["probe-b:v1"]));

        var error = await Should.ThrowAsync<ProbeNotFoundException>(() =>
            fixture.Client.GetGrain<IInfluencerGrain>(id).ReportProbeResultAsync(new ProbeResult("probe-nope", true, null, Now)).AsTask());

        error.Message.ShouldContain("probe-nope");
    }

    [Fact]
    public async Task Going_stale_is_announced_with_the_public_profile_only()
    {
        const string id = "announce-1";
        var online = StatusEvents.Create(id, Now, capabilities: ["video-gen:v2", "internal-moderation:v1", "x-secret:v1"], relevance: 1.0, confidence: 0.9);
        await PublishAndWaitAsync(online);
        // The view updates before the announcement is sent (reads interleave with the apply).
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Outbound.AnnouncementsOf(id) == 1), $"the first announcement of {id}");
        var first = fixture.Outbound.LastAnnouncement(id)!;
        first.ShouldBe(new OpenClawAnnouncement(id, id, ["video-gen:v2"], online.Timestamp, TrustScore.Compute(0.9, 0, 0)), new AnnouncementComparer());

        fixture.Clock.Advance(HeartbeatCadence.Ttl(1.0));

        // Its own second announcement (another influencer's would not count), with the same public profile only.
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Outbound.AnnouncementsOf(id) == 2), $"the stale announcement of {id}");
        var stale = fixture.Outbound.LastAnnouncement(id)!;
        stale.ShouldNotBeSameAs(first);
        stale.ShouldBe(new OpenClawAnnouncement(id, id, ["video-gen:v2"], online.Timestamp, TrustScore.Compute(0.9, 0, 0)), new AnnouncementComparer());
        typeof(OpenClawAnnouncement).GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal)
            .ToArray().ShouldBe(["CapabilitiesPublic", "DisplayName", "InfluencerId", "LastSeen", "TrustScore"], "spec §6.1: five fields and nothing else");

        // And the latest view it published says stale, whatever the in-memory key's expiry filter would show.
        var published = fixture.Outbound.LastPublished(id)!;
        (published.IsStale, published.Status, published.ReportedStatus).ShouldBe((true, InfluencerStatus.Offline, InfluencerStatus.Online));
    }

    private sealed class AnnouncementComparer : IEqualityComparer<OpenClawAnnouncement>
    {
        public bool Equals(OpenClawAnnouncement? x, OpenClawAnnouncement? y) =>
            x is not null && y is not null && x.InfluencerId == y.InfluencerId && x.DisplayName == y.DisplayName
            && x.CapabilitiesPublic.SequenceEqual(y.CapabilitiesPublic) && x.LastSeen == y.LastSeen && x.TrustScore == y.TrustScore;

        public int GetHashCode(OpenClawAnnouncement obj) => obj.InfluencerId.GetHashCode(StringComparison.Ordinal);
    }

    private async Task PublishAndWaitAsync(StatusEvent statusEvent)
    {
        (await fixture.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(statusEvent))).ShouldBeEmpty();
        await Eventually.ReturnsAsync(() => GetViewAsync(statusEvent.InfluencerId), v => v?.LastEventId == statusEvent.EventId, $"event {statusEvent.EventId} applied");
    }

    private async Task<InfluencerView?> GetViewAsync(string id) =>
        await fixture.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync();
}
