using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Testing;

namespace Chimera.Tests.Grains;

/// <summary>
/// Spec §3.3: every read applies the liveness rule itself. On a clock that never fires influencer timers, so what the
/// read answers cannot come from a stale timer having run (and the absence of a stale row shows none did).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class ReadWithoutTimerTests(InfluencerTimersOffFixture fixture) : IClassFixture<InfluencerTimersOffFixture>
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task A_read_treats_an_expired_status_as_stale_before_any_timer_runs()
    {
        const string id = "stale-read-1";
        var online = StatusEvents.Create(id, Now, capabilities: ["stale-b:v1"], relevance: 0.0);
        (await fixture.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(online))).ShouldBeEmpty();
        await Eventually.ReturnsAsync(() => GetViewAsync(id), v => v?.LastEventId == online.EventId, $"event {online.EventId} applied");
        fixture.TimersHeldBack.ShouldBeGreaterThan(0, "the grain armed its stale timer (and the clock held it back)");

        // One tick before the expiry the read says live; at the expiry it says stale, with no timer involved.
        var expiry = online.Timestamp + HeartbeatCadence.Ttl(0.0);
        fixture.Clock.SetUtcNow(expiry - TimeSpan.FromTicks(1));
        (await GetViewAsync(id))!.IsStale.ShouldBeFalse();
        fixture.Clock.SetUtcNow(expiry);
        var view = await GetViewAsync(id);

        view!.IsStale.ShouldBeTrue();
        view.Status.ShouldBe(InfluencerStatus.Offline);
        view.ReportedStatus.ShouldBe(InfluencerStatus.Online);
        var route = await fixture.Client.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool).RouteAsync(new RouteRequest([Capability.Parse("stale-b:v1")]));
        route.Candidates.ShouldBeEmpty();
        var rows = await fixture.Audit.GetHistoryAsync(new AuditQuery(id, Now - TimeSpan.FromHours(1), Now + TimeSpan.FromHours(1)));
        rows.Select(r => r.Kind).ShouldBe([AuditKind.StatusChange], "no stale row: no timer (nor reminder) ran, the read decided alone");
    }

    private async Task<InfluencerView?> GetViewAsync(string id) =>
        await fixture.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync();
}
