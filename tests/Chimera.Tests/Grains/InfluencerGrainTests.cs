using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Validation;
using Chimera.Testing;

namespace Chimera.Tests.Grains;

/// <summary>The status stream into influencer grains, on two silos with memory streams and a fake clock.</summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class InfluencerGrainTests(ChimeraClusterFixture fixture) : IClassFixture<ChimeraClusterFixture>
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private IStatusIngestGrain Ingest => fixture.Client.GetGrain<IStatusIngestGrain>(0);

    [Fact]
    public async Task Events_through_the_stream_reach_the_grain_of_their_influencer()
    {
        var ids = Enumerable.Range(0, 12).Select(i => $"reach-{i}").ToArray();
        foreach (var id in ids)
        {
            (await Ingest.IngestAsync(StatusEvents.Sign(StatusEvents.Create(id, Now, load: 0.33)))).ShouldBeEmpty();
        }

        foreach (var id in ids)
        {
            var view = await WaitForViewAsync(id, v => v is not null);
            view!.InfluencerId.ShouldBe(id);
            view.Status.ShouldBe(InfluencerStatus.Online);
            view.Load.ShouldBe(0.33);
            view.Capabilities.ShouldBe([new Capability("video-gen", 2), new Capability("captioning", 1)]);
        }
    }

    [Fact]
    public async Task Duplicate_and_older_events_are_ignored_and_audited_once()
    {
        // The audit rows alone cannot tell an ignored duplicate from a re-applied one (a re-applied copy would be a
        // heartbeat, and the in-memory audit log drops repeated ids anyway), so the grain's own counters decide:
        // spec §4.3 counts each ignored event as duplicate or out_of_order, and nothing else moves.
        using var counters = new SiloCounters(fixture.Cluster.Silos.Select(s => s.ServiceProvider));
        const string id = "order-1";
        var first = StatusEvents.Create(id, Now, InfluencerStatus.Online);
        var second = StatusEvents.Create(id, Now + TimeSpan.FromSeconds(1), InfluencerStatus.Busy, currentTask: "task-1", load: 0.8);
        var older = StatusEvents.Create(id, Now - TimeSpan.FromSeconds(5), InfluencerStatus.Maintenance);

        await PublishAsync(first);
        await PublishAsync(second);
        await PublishAsync(first);
        await PublishAsync(older);
        await PublishAsync(second);
        var marker = StatusEvents.Create(id, Now + TimeSpan.FromSeconds(2), InfluencerStatus.Idle, load: 0.0);
        await PublishAsync(marker);

        var view = await WaitForViewAsync(id, v => v?.LastEventId == marker.EventId);
        view!.Status.ShouldBe(InfluencerStatus.Idle);
        var history = await fixture.Audit.GetHistoryAsync(new AuditQuery(id, Now - TimeSpan.FromHours(1), Now + TimeSpan.FromHours(1)));
        history.Select(r => r.EventId).ShouldBe([marker.EventId, second.EventId, first.EventId]);
        history.Select(r => r.NewStatus).ShouldBe([InfluencerStatus.Idle, InfluencerStatus.Busy, InfluencerStatus.Online]);
        history[1].PreviousStatus.ShouldBe(InfluencerStatus.Online);
        counters.Count("chimera.events.ignored", ("reason", "duplicate")).ShouldBe(1, "the second copy of `second` (same id, same timestamp)");
        counters.Count("chimera.events.ignored", ("reason", "out_of_order")).ShouldBe(2, "the re-sent `first` and `older`, both behind `second`");
        counters.Count("chimera.events.changes").ShouldBe(3, "first, second and marker");
        counters.Count("chimera.events.heartbeats").ShouldBe(0, "an ignored event is not a heartbeat");
    }

    [Fact]
    public async Task A_heartbeat_that_changes_nothing_moves_last_seen_without_an_audit_row()
    {
        const string id = "heartbeat-1";
        var first = StatusEvents.Create(id, Now, load: 0.20);
        await PublishAsync(first);
        await WaitForViewAsync(id, v => v?.LastEventId == first.EventId);

        var beat = StatusEvents.Create(id, Now + TimeSpan.FromSeconds(30), load: 0.25);
        await PublishAsync(beat);
        var view = await WaitForViewAsync(id, v => v?.LastEventId == beat.EventId);

        view!.LastSeen.ShouldBe(beat.Timestamp);
        view.Load.ShouldBe(0.25);
        view.LastChangeAt.ShouldBe(Now);
        var rows = await fixture.Audit.GetHistoryAsync(new AuditQuery(id, Now - TimeSpan.FromHours(1), Now + TimeSpan.FromHours(1)));
        rows.Select(r => r.EventId).ShouldBe([first.EventId]);
    }

    [Fact]
    public async Task A_load_move_past_the_threshold_is_a_change()
    {
        const string id = "load-move-1";
        var first = StatusEvents.Create(id, Now, load: 0.20);
        var moved = StatusEvents.Create(id, Now + TimeSpan.FromSeconds(1), load: 0.35);
        await PublishAsync(first);
        await PublishAsync(moved);
        await WaitForViewAsync(id, v => v?.LastEventId == moved.EventId);

        var rows = await fixture.Audit.GetHistoryAsync(new AuditQuery(id, Now - TimeSpan.FromHours(1), Now + TimeSpan.FromHours(1)));
        rows.Select(r => (r.EventId, r.Detail)).ShouldBe([(moved.EventId, "load"), (first.EventId, "first status")]);
    }

    [Fact]
    public async Task A_forged_entry_is_rejected_dead_lettered_and_touches_nothing()
    {
        const string id = "forged-1";
        var entry = StatusEvents.Sign(StatusEvents.Create(id, Now));
        var tampered = entry with { EventJson = [.. entry.EventJson.Select(b => b == (byte)'2' ? (byte)'3' : b)] };
        var before = fixture.DeadLetters.Total;

        var violations = await Ingest.IngestAsync(tampered);

        violations.Select(v => v.Code).ShouldBe([RejectCodes.BadSignature]);
        fixture.DeadLetters.Total.ShouldBe(before + 1);
        (await fixture.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task An_adapter_may_not_speak_for_an_influencer_outside_its_grant()
    {
        var violations = await Ingest.IngestAsync(StatusEvents.Sign(StatusEvents.Create("someone-else", Now), ChimeraClusterFixture.RestrictedKey));

        violations.Select(v => v.Code).ShouldBe([RejectCodes.AdapterNotAuthorized]);
        (await fixture.Client.GetGrain<IInfluencerGrain>("someone-else").GetStatusAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task An_unratified_spec_reference_is_rejected_with_its_code()
    {
        var unratified = StatusEvents.Create("unratified-1", Now) with { SpecReference = "specs/draft.md" };

        var violations = await Ingest.IngestAsync(StatusEvents.Sign(unratified));

        violations.Select(v => (v.Path, v.Code)).ShouldBe([("payload.spec_reference", RejectCodes.UnratifiedSpec)]);
    }

    private async Task PublishAsync(StatusEvent statusEvent) =>
        (await Ingest.IngestAsync(StatusEvents.Sign(statusEvent))).ShouldBeEmpty();

    private Task<InfluencerView?> WaitForViewAsync(string id, Func<InfluencerView?, bool> condition) =>
        Eventually.ReturnsAsync(() => fixture.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask(), condition, $"the view of {id}");
}
