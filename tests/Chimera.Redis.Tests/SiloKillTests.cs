using Chimera.Adapters.Redis;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Chimera.Redis.Tests;

[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class SiloKillTests(ITestOutputHelper output)
{
    private const int Influencers = 50;
    private const int EventsEach = 40;
    private const int RoundsBeforeKill = 30;

    /// <summary>
    /// A silo that reads some of the Redis partitions is killed (no graceful shutdown) while 2,000 events are
    /// flowing, with grains on it stuck mid-apply (their audit append held at a gate) and every partition holding
    /// read-but-unacknowledged entries. Proves:
    /// <list type="bullet">
    /// <item>at least once: every published event id reached an audit append (the per-call ledger has all 2,000
    /// ids and no other id);</item>
    /// <item>none twice: the audit log, unique by event id like the PostgreSQL one, holds exactly the 2,000
    /// published ids, one row each and no other row. The killed silo's grains had applied their events to the views
    /// without their rows becoming durable (held), so those entries were never acknowledged: they are re-delivered
    /// (at once, when the silo is declared dead) — after newer events, possibly — and the reactivated grains, catching
    /// up after the crash, replay them in order; the ledger may count such an id more than once, which is expected
    /// and is not a second row;</item>
    /// <item>no loss of order or of the final state: each influencer's grain ends at its last event, and nothing
    /// was dead-lettered (no delivery was given up while the silo was being declared dead);</item>
    /// <item>redelivery: the events the killed silo's grains were applying when it died (held, never recorded by
    /// it) are recorded, so they were redelivered and applied on the survivor;</item>
    /// <item>the dead silo's partitions were taken over: the survivor ends up reading all of them.</item>
    /// </list>
    /// </summary>
    [Fact]
    public async Task SiloKilledMidBatch_EveryEventIsAppliedAtLeastOnce_AndRecordedExactlyOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await RedisFaultCluster.StartAsync(redis);
        await using var transport = RedisAdapterTransport.Create(redis.ConnectionString, RedisFaultCluster.Partitions);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var influencers = Enumerable.Range(0, Influencers).Select(i => $"kill-{i:D2}").ToArray();
        var start = cluster.Clock.GetUtcNow() - TimeSpan.FromMinutes(1); // inside the replay window, never in the future

        var silos = cluster.Cluster.Silos.ToArray();
        await Eventually.TrueAsync(async () => (await Task.WhenAll(silos.Select(RedisFaultCluster.RunningAgentsAsync))).Sum() == RedisFaultCluster.Partitions,
            "the partitions to be shared among the silos");
        var agents = await Task.WhenAll(silos.Select(RedisFaultCluster.RunningAgentsAsync));
        var victim = silos.Zip(agents).Last(s => s.Second > 0).First;
        var survivor = silos.Single(s => s != victim);
        output.WriteLine($"agents: {string.Join(", ", silos.Zip(agents).Select(s => $"{s.First.Name}={s.Second}"))}; killing {victim.Name}");

        async Task PublishRoundsAsync(int from, int to)
        {
            for (var n = from; n < to; n++)
            {
                foreach (var id in influencers)
                {
                    // Alternating status: every event is a change, so it owes exactly one audit row.
                    await transport.PublishAsync(StatusEvents.Signed(id, EventId(id, n), start.AddMilliseconds(n), n % 2 == 0 ? InfluencerStatus.Online : InfluencerStatus.Busy), id);
                }
            }
        }

        // Mid-run: let 500 changes through, then hold every further append, so both silos have grains stuck
        // mid-apply and every partition has entries read but not acknowledged when the kill comes.
        cluster.Hold.HoldAfter(500);
        await PublishRoundsAsync(0, RoundsBeforeKill);
        await Eventually.TrueAsync(() => Task.FromResult(cluster.Hold.Held(victim.Name).Count > 0), "a grain on the victim to be stuck mid-apply");
        await Eventually.TrueAsync(() => Task.FromResult(cluster.Audit.Count == 500), "the 500 free appends to be recorded");
        await Eventually.TrueAsync(async () =>
        {
            foreach (var p in Enumerable.Range(0, RedisFaultCluster.Partitions))
            {
                var pending = await admin.GetDatabase().StreamPendingAsync(StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, p), "chimera");
                if (pending.PendingMessageCount == 0)
                {
                    return false;
                }
            }

            return true;
        }, "every partition to hold unacknowledged entries");
        output.WriteLine($"at the kill: {cluster.Audit.Count} of {RoundsBeforeKill * Influencers} published changes recorded; {cluster.Hold.Held(victim.Name).Count} appends held on {victim.Name}");

        var heldOnVictim = cluster.Hold.Held(victim.Name);
        cluster.Storage.Crash(victim.Name); // a dead process writes nothing more, not even on its way down
        await cluster.Cluster.KillSiloAsync(victim);
        cluster.Hold.Release(survivor.Name); // the victim's held appends die with it
        await PublishRoundsAsync(RoundsBeforeKill, EventsEach); // every influencer has events after the kill

        await Eventually.TrueAsync(async () => await RedisFaultCluster.RunningAgentsAsync(survivor) == RedisFaultCluster.Partitions,
            "the survivor to take over the dead silo's partitions", TolerantMembership.DeathDetection + TimeSpan.FromSeconds(45));
        foreach (var id in influencers)
        {
            var view = await Eventually.ReturnsAsync(
                () => cluster.Cluster.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask(),
                v => v?.LastEventId == EventId(id, EventsEach - 1),
                $"{id} to reach its last event", TimeSpan.FromSeconds(30));
            view!.ReportedStatus.ShouldBe(InfluencerStatus.Busy);
        }

        var published = influencers.SelectMany(id => Enumerable.Range(0, EventsEach).Select(n => EventId(id, n))).Order(StringComparer.Ordinal).ToList();
        published.Count.ShouldBe(Influencers * EventsEach);

        // The views moved at once; the rows follow: the killed silo's grains reactivated on the survivor catch up for
        // RecoveryCatchUp and then replay what they received, the re-deliveries included.
        await Eventually.TrueAsync(() => Task.FromResult(cluster.Audit.Count >= published.Count), "every published change to have its audit row", RedisFaultCluster.RecoveryCatchUp + TimeSpan.FromSeconds(60));

        // Acknowledged only once durable, and then every entry is: no partition keeps anything pending.
        await Eventually.TrueAsync(async () =>
        {
            foreach (var p in Enumerable.Range(0, RedisFaultCluster.Partitions))
            {
                var pending = await admin.GetDatabase().StreamPendingAsync(StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, p), "chimera");
                if (pending.PendingMessageCount > 0)
                {
                    return false;
                }
            }

            return true;
        }, "every entry to be acknowledged once its effects were durable", TimeSpan.FromSeconds(60));

        // At least once: every published id reached an append, and nothing else was appended.
        var calls = cluster.Ledger.Snapshot();
        published.Where(id => !calls.ContainsKey(id)).ShouldBeEmpty("published events that never reached an audit append");
        calls.Keys.Order(StringComparer.Ordinal).ShouldBe(published);

        // None twice: one row per published id, no more, no less.
        var rows = new List<string>();
        foreach (var id in influencers)
        {
            rows.AddRange((await cluster.Audit.GetHistoryAsync(new AuditQuery(id, start.AddSeconds(-1), start.AddMinutes(5), AuditQuery.MaxLimit))).Select(r => r.EventId));
        }

        rows.Order(StringComparer.Ordinal).ShouldBe(published);

        // The events the victim was applying when it died never reached the store from it: their rows exist
        // only because Redis redelivered them and the survivor applied them.
        heldOnVictim.ShouldNotBeEmpty();
        heldOnVictim.ShouldBeSubsetOf(rows);
        foreach (var held in heldOnVictim)
        {
            var by = cluster.Ledger.SilosOf(held);
            by.ShouldNotBeEmpty($"{held}: held on {victim.Name}, never appended after the kill");
            by.ShouldAllBe(silo => silo == survivor.Name, $"{held}: appended by {string.Join(", ", by)}, not only by the survivor");
        }
        cluster.Audit.Count.ShouldBe(published.Count);
        foreach (var l in await admin.GetDatabase().StreamRangeAsync(PerceptionNames.DeadLetterTopic))
        {
            output.WriteLine($"DL {l["reason"]} {l["origin"]} {l["violations"]} {l["rejected_at"]}");
        }

        (await admin.GetDatabase().StreamLengthAsync(PerceptionNames.DeadLetterTopic)).ShouldBe(0);

        output.WriteLine($"append calls: {calls.Values.Sum()} for {published.Count} ids; {calls.Count(c => c.Value > 1)} ids re-applied after the kill (deduplicated by the audit log)");
    }

    private static string EventId(string influencerId, int n) => $"{influencerId}-{n:D3}";
}
