using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Grains.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Chimera.Tests.Grains;

/// <summary>
/// Spec §3.1 and §3.3 on a conservative network: the silo keeps every status alive for exactly 240 s whatever its
/// relevance, live until last_seen + 240 s and stale from that instant on (inclusive). Fake time, a cluster of its own.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class ConservativeEdgeTests(ConservativeEdgeTests.Fixture fixture) : IClassFixture<ConservativeEdgeTests.Fixture>
{
    private static readonly TimeSpan ConservativeTtl = TimeSpan.FromSeconds(240);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Theory]
    [InlineData("edge-relevant", "edge-relevant:v1", 1.0)]
    [InlineData("edge-idle", "edge-idle:v1", 0.0)]
    public async Task A_status_is_live_one_tick_before_240_seconds_and_stale_at_240_seconds(string id, string capability, double relevance)
    {
        using var counters = new SiloCounters(fixture.Cluster.Silos.Select(s => s.ServiceProvider));
        var sent = StatusEvents.Create(id, Now, capabilities: [capability], relevance: relevance);
        (await fixture.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(sent))).ShouldBeEmpty();
        var view = await Eventually.ReturnsAsync(() => ViewAsync(id), v => v?.LastEventId == sent.EventId, $"event {sent.EventId} applied");
        view!.Ttl.ShouldBe(ConservativeTtl, "§3.1: 240 s whatever the relevance");
        view.ExpiresAt.ShouldBe(sent.Timestamp + ConservativeTtl);
        var route = new RouteRequest([Capability.Parse(capability)], CostClass.Low, 1);
        await Eventually.ReturnsAsync(() => Routing.RouteAsync(route).AsTask(), r => r.Candidates.Count == 1, $"{id} routable");

        // One tick before the edge: live, in the registry and in routing, and no stale row.
        fixture.Clock.Advance(ConservativeTtl - TimeSpan.FromTicks(1));
        var before = await ViewAsync(id);
        before!.IsStale.ShouldBeFalse("one tick before last_seen + 240 s the status is live");
        before.Status.ShouldBe(InfluencerStatus.Online);
        (await Routing.RouteAsync(route)).Candidates.Select(c => c.InfluencerId).ShouldBe([id]);
        await fixture.FlushLeasesAsync();
        (await HistoryAsync(id)).ShouldNotContain(r => r.Kind == AuditKind.StaleDetected);

        // At the edge itself: stale (inclusive), offline in effect, never routed, recorded once.
        fixture.Clock.Advance(TimeSpan.FromTicks(1));
        var at = await ViewAsync(id);
        at!.IsStale.ShouldBeTrue("at last_seen + 240 s the status is stale");
        at.Status.ShouldBe(InfluencerStatus.Offline);
        at.ReportedStatus.ShouldBe(InfluencerStatus.Online);
        (await Routing.RouteAsync(route)).Candidates.ShouldBeEmpty();
        await Eventually.TrueAsync(async () => (await HistoryAsync(id)).Any(r => r.Kind == AuditKind.StaleDetected), $"the stale row of {id} at 240 s");
        (await HistoryAsync(id)).Count(r => r.Kind == AuditKind.StaleDetected).ShouldBe(1);
        counters.Count("chimera.stale.detections").ShouldBe(1);
    }

    private IRoutingGrain Routing => fixture.Client.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool);

    private async Task<InfluencerView?> ViewAsync(string id) => await fixture.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync();

    private async Task<IReadOnlyList<AuditRecord>> HistoryAsync(string id) =>
        await fixture.Audit.GetHistoryAsync(new AuditQuery(id, Now - TimeSpan.FromDays(1), Now + TimeSpan.FromDays(1)));

    /// <summary>A conservative cluster (Chimera:Cadence:Conservative) for this class alone.</summary>
    public sealed class Fixture : ChimeraClusterFixture
    {
        protected override void ConfigureSilo(ISiloBuilder silo) =>
            silo.Services.Configure<CadenceOptions>(o => o.Conservative = true);
    }
}
