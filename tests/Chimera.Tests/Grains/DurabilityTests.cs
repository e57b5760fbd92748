using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Grains.Influencers;
using Chimera.Testing;

namespace Chimera.Tests.Grains;

/// <summary>
/// Effects applied in full or redone in full, and storage that is not there (spec §2.3, §3.5, §9), on two silos with a
/// fake clock: views move at once, and an entry is acknowledged only once every effect of its change is out — retried
/// here until it is, whatever failed (the latest key, the announce, the state write). Activation never needs the
/// storage; events applied without it are reconciled against the stored state when it returns.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class DurabilityTests(DurableStateClusterFixture fixture) : IClassFixture<DurableStateClusterFixture>
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task A_change_whose_latest_key_and_announce_failed_is_published_without_a_new_event_and_acknowledged_only_then()
    {
        const string id = "redo-outbound-1";
        fixture.Flaky.Fail(id, latest: 2, announcements: 2);

        await PublishAsync(StatusEvents.Create(id, Now, capabilities: ["redo-a:v1"]));

        // The view moved at once; the failed publishes are retried by the grain itself, no further event needed.
        (await ViewAsync(id))!.Status.ShouldBe(InfluencerStatus.Online);
        var latest = await Eventually.ReturnsAsync(() => Task.FromResult(fixture.Outbound.Latest(id)), v => v is not null, "the latest key written after its failures");
        latest!.Capabilities.ShouldBe([Capability.Parse("redo-a:v1")]);
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Outbound.AnnouncementsOf(id) == 1), "the announcement published after its failures");
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Acks.Of(id).Count == 1), "the entry acknowledged once every effect is out");
        (await RowsAsync(id)).Select(r => r.Kind).ShouldBe([AuditKind.StatusChange]);
    }

    [Fact]
    public async Task A_change_whose_state_write_failed_is_written_again_and_acknowledged_only_after_it_is_stored()
    {
        const string id = "redo-state-1";
        var grainId = GrainId.Create("influencer", id);
        fixture.Storage.FailWritesOf(id, 3);
        fixture.Acks.Probe = receipt => receipt.Queue == id ? (fixture.Storage.Writes.GetValueOrDefault(id) > 0 ? "stored" : "not stored") : null;

        await PublishAsync(StatusEvents.Create(id, Now, InfluencerStatus.Busy, currentTask: "t-1", capabilities: ["redo-b:v1"]));

        var acks = await Eventually.ReturnsAsync(() => Task.FromResult(fixture.Acks.Of(id)), a => a.Count == 1, "the change acknowledged");
        acks.Single().Probe.ShouldBe("stored");
        fixture.Storage.Has(InfluencerStateStore.StateName, grainId).ShouldBeTrue();
        (await RowsAsync(id)).Select(r => r.EventId).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Activation_does_not_need_the_storage_and_the_change_is_audited_stored_and_acknowledged_once_it_returns()
    {
        const string id = "no-storage-1";
        fixture.Storage.Unavailable = true;
        try
        {
            var change = StatusEvents.Create(id, Now, InfluencerStatus.Online, capabilities: ["no-storage-a:v1"]);
            await PublishAsync(change);

            // Without any storage the grain activated, and the views moved.
            var view = await ViewAsync(id);
            view!.Status.ShouldBe(InfluencerStatus.Online);
            var route = await Eventually.ReturnsAsync(
                () => fixture.Client.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool).RouteAsync(new RouteRequest([Capability.Parse("no-storage-a:v1")])).AsTask(),
                r => r.Candidates.Count == 1, "the change routable while the storage is down");
            route.Candidates.Single().InfluencerId.ShouldBe(id);

            // Nothing was made durable, so nothing was acknowledged or audited yet.
            (await RowsAsync(id)).ShouldBeEmpty();
            fixture.Acks.Of(id).ShouldBeEmpty();
        }
        finally
        {
            fixture.Storage.Unavailable = false;
        }

        await Eventually.TrueAsync(async () => (await RowsAsync(id)).Count == 1, "the audit row written once the storage returned");
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Acks.Of(id).Count == 1), "the entry acknowledged once durable");
        fixture.Storage.Has(InfluencerStateStore.StateName, GrainId.Create("influencer", id)).ShouldBeTrue();
        (await RowsAsync(id)).Single().Detail.ShouldBe("first status");
    }

    [Fact]
    public async Task An_influencer_reactivated_while_the_storage_is_down_is_reconciled_against_its_stored_state_not_treated_as_new()
    {
        const string id = "no-storage-2";
        await PublishAsync(StatusEvents.Create(id, Now, InfluencerStatus.Online, load: 0.3, capabilities: ["no-storage-b:v1"]));
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Acks.Of(id).Count == 1), "the first change settled");

        // Deactivate it (a graceful deactivation stores last-seen), then lose the storage and send a plain heartbeat.
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        fixture.Storage.Unavailable = true;
        var beat = StatusEvents.Create(id, Now + TimeSpan.FromSeconds(30), InfluencerStatus.Online, load: 0.32, capabilities: ["no-storage-b:v1"]);
        try
        {
            await PublishAsync(beat);
            (await ViewAsync(id))!.LastSeen.ShouldBe(beat.Timestamp);
        }
        finally
        {
            fixture.Storage.Unavailable = false;
        }

        // Once the stored state is back, the heartbeat is judged against it: a heartbeat, not a "first status".
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Acks.Of(id).Count == 2), "the heartbeat acknowledged after reconciliation");
        (await RowsAsync(id)).Select(r => r.Detail).ShouldBe(["first status"]);
        var view = await ViewAsync(id);
        view!.LastSeen.ShouldBe(beat.Timestamp);
        view.LastChangeAt.ShouldBe(Now);
    }

    private async Task PublishAsync(StatusEvent statusEvent)
    {
        (await fixture.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(statusEvent))).ShouldBeEmpty();
        await Eventually.ReturnsAsync(() => ViewAsync(statusEvent.InfluencerId), v => v?.LastEventId == statusEvent.EventId, $"event {statusEvent.EventId} applied");
    }

    private Task<InfluencerView?> ViewAsync(string id) => fixture.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask();

    private Task<IReadOnlyList<AuditRecord>> RowsAsync(string id) =>
        fixture.Audit.GetHistoryAsync(new AuditQuery(id, Now - TimeSpan.FromHours(1), Now + TimeSpan.FromHours(1)));
}
