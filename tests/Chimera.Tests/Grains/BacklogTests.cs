using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Testing;

namespace Chimera.Tests.Grains;

/// <summary>
/// Spec §3.3: last_seen is the event's own timestamp, so an event that arrives after its TTL ran out (a backlog, still
/// inside the replay window) is recorded but leaves the influencer stale — never made live, so no live announcement
/// followed by a "gone" one. Fake time, a cluster of its own (the stale counter sees only this class's influencers).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class BacklogTests(BacklogTests.Fixture fixture) : IClassFixture<BacklogTests.Fixture>
{
    private static readonly TimeSpan Ttl = HeartbeatCadence.Ttl(1.0);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private IRoutingGrain Routing => fixture.Client.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool);

    [Fact]
    public async Task A_backlog_event_older_than_its_ttl_is_recorded_but_stale_and_announced_once()
    {
        using var counters = new SiloCounters(fixture.Cluster.Silos.Select(s => s.ServiceProvider));
        const string id = "backlog-late";
        const string capability = "backlog-late:v1";

        // Exactly one TTL old on arrival: last_seen + TTL == now, so stale (inclusive), though well inside the replay window.
        var late = StatusEvents.Create(id, Now - Ttl, capabilities: [capability], relevance: 1.0);
        (await fixture.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(late))).ShouldBeEmpty("a backlog inside the replay window is accepted");
        var view = await Eventually.ReturnsAsync(() => ViewAsync(id), v => v?.LastEventId == late.EventId, $"event {late.EventId} applied");

        view!.LastSeen.ShouldBe(late.Timestamp, "last_seen is the event's timestamp, not its arrival");
        view.IsStale.ShouldBeTrue();
        view.Status.ShouldBe(InfluencerStatus.Offline);
        view.ReportedStatus.ShouldBe(InfluencerStatus.Online);
        await fixture.FlushLeasesAsync();
        (await Routing.RouteAsync(new RouteRequest([Capability.Parse(capability)], CostClass.Low, 1))).Candidates.ShouldBeEmpty();

        // Recorded: its status-change row, and the stale row once.
        var rows = await Eventually.ReturnsAsync(() => HistoryAsync(id), r => r.Any(x => x.Kind == AuditKind.StaleDetected), $"the stale row of {id}");
        rows.Where(r => r.Kind == AuditKind.StatusChange).Select(r => r.EventId).ShouldBe([late.EventId]);
        rows.Count(r => r.Kind == AuditKind.StaleDetected).ShouldBe(1);

        // Never live anywhere: the only announcement is the one for the stale profile, the latest key was never written live.
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Outbound.AnnouncementsOf(id) >= 1), $"the announcement of {id}");
        await SettleAsync(id);
        fixture.Outbound.AnnouncementsOf(id).ShouldBe(1, "a live announcement followed by a 'gone' one would be a phantom flap");
        fixture.Outbound.LastPublished(id)!.IsStale.ShouldBeTrue();
        fixture.Outbound.Latest(id).ShouldBeNull();
        counters.Count("chimera.events.changes").ShouldBe(1);
        counters.Count("chimera.stale.detections").ShouldBe(1);
    }

    [Fact]
    public async Task A_backlog_event_one_tick_younger_than_its_ttl_is_live_until_the_next_tick()
    {
        const string id = "backlog-edge";
        const string capability = "backlog-edge:v1";
        var late = StatusEvents.Create(id, Now - Ttl + TimeSpan.FromTicks(1), capabilities: [capability], relevance: 1.0);
        (await fixture.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(late))).ShouldBeEmpty();
        var view = await Eventually.ReturnsAsync(() => ViewAsync(id), v => v?.LastEventId == late.EventId, $"event {late.EventId} applied");

        view!.IsStale.ShouldBeFalse("one tick of its TTL is left");
        view.ExpiresAt.ShouldBe(Now + TimeSpan.FromTicks(1));
        var route = new RouteRequest([Capability.Parse(capability)], CostClass.Low, 1);
        (await Eventually.ReturnsAsync(() => Routing.RouteAsync(route).AsTask(), r => r.Candidates.Count == 1, $"{id} routable while its last tick lasts"))
            .Candidates.Select(c => c.InfluencerId).ShouldBe([id]);

        fixture.Clock.Advance(TimeSpan.FromTicks(1));
        (await ViewAsync(id))!.IsStale.ShouldBeTrue();
        (await Routing.RouteAsync(route)).Candidates.ShouldBeEmpty("the index applies the rule at read time");
    }

    /// <summary>Waits until the grain has nothing left in flight (its entry released), so a second announcement would have gone out.</summary>
    private async Task SettleAsync(string id)
    {
        await Eventually.TrueAsync(async () => (await HistoryAsync(id)).Count == 2, $"both rows of {id} durable");
        for (var i = 0; i < 3; i++)
        {
            // Give any further announce a chance: one grain call is processed after every effect started before it.
            await ViewAsync(id);
            await Task.Yield();
        }
    }

    private async Task<InfluencerView?> ViewAsync(string id) => await fixture.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync();

    private async Task<IReadOnlyList<AuditRecord>> HistoryAsync(string id) =>
        await fixture.Audit.GetHistoryAsync(new AuditQuery(id, Now - TimeSpan.FromDays(1), Now + TimeSpan.FromDays(1)));

    /// <summary>A cluster for this class alone.</summary>
    public sealed class Fixture : ChimeraClusterFixture
    {
    }
}
