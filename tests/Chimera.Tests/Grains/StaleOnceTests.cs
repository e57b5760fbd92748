using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Testing;

namespace Chimera.Tests.Grains;

/// <summary>
/// Spec §3.3 and §4.2 rule 2 with exact counts: on a cluster of its own, so the stale-detection counter sees this one
/// influencer only (advancing the shared fake clock ages every influencer of a fixture).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class StaleOnceTests(StaleOnceTests.Fixture fixture) : IClassFixture<StaleOnceTests.Fixture>
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task Stale_is_recorded_once_coming_back_is_a_change_and_both_announce()
    {
        using var counters = new SiloCounters(fixture.Cluster.Silos.Select(s => s.ServiceProvider));
        const string id = "back-1";
        var first = StatusEvents.Create(id, Now, capabilities: ["back-a:v1"], relevance: 1.0);
        await PublishAndWaitAsync(first);
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Outbound.AnnouncementsOf(id) == 1), $"the first announcement of {id}");

        // §3.3: aged out at last_seen + TTL, one stale row, however much longer it stays silent and however often it is read.
        fixture.Clock.Advance(HeartbeatCadence.Ttl(1.0));
        await Eventually.TrueAsync(async () => (await HistoryAsync(id)).Any(r => r.Kind == AuditKind.StaleDetected), $"the stale row of {id}");
        for (var i = 0; i < 3; i++)
        {
            fixture.Clock.Advance(HeartbeatCadence.Ttl(1.0));
            (await ViewAsync(id))!.IsStale.ShouldBeTrue();
        }

        await fixture.FlushLeasesAsync();
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Outbound.AnnouncementsOf(id) == 2), $"the stale announcement of {id}");

        // §4.2 rule 2: the same values again, after stale, are a change ("back from stale"), and it announces (§6.4).
        var back = StatusEvents.Create(id, Now, capabilities: ["back-a:v1"], relevance: 1.0);
        await PublishAndWaitAsync(back);
        var rows = await HistoryAsync(id);
        rows.Count(r => r.Kind == AuditKind.StaleDetected).ShouldBe(1, "the stale row is written once");
        rows[0].EventId.ShouldBe(back.EventId);
        rows[0].Detail.ShouldBe("back from stale");
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Outbound.AnnouncementsOf(id) == 3), $"the announcement of {id} coming back");
        (await ViewAsync(id))!.IsStale.ShouldBeFalse();
        counters.Count("chimera.stale.detections").ShouldBe(1);
        counters.Count("chimera.events.changes").ShouldBe(2, "the first event and coming back; the stale row is not an applied event");
    }

    private async Task PublishAndWaitAsync(StatusEvent statusEvent)
    {
        (await fixture.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(statusEvent))).ShouldBeEmpty();
        await Eventually.ReturnsAsync(() => ViewAsync(statusEvent.InfluencerId), v => v?.LastEventId == statusEvent.EventId, $"event {statusEvent.EventId} applied");
    }

    private async Task<InfluencerView?> ViewAsync(string id) => await fixture.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync();

    private async Task<IReadOnlyList<AuditRecord>> HistoryAsync(string id) =>
        await fixture.Audit.GetHistoryAsync(new AuditQuery(id, Now - TimeSpan.FromDays(1), Now + TimeSpan.FromDays(1)));

    /// <summary>A cluster for this class alone.</summary>
    public sealed class Fixture : ChimeraClusterFixture
    {
    }
}
