using Chimera.Adapters.Redis;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Testing;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class RedisClusterTests
{
    [Fact]
    public async Task EventsPublishedByTheAdapterTransport_ReachTheirGrainsInOrder_AndAThousandBadEntriesAreDeadLetteredWithTheirReason()
    {
        await using var redis = await RedisServer.StartAsync();
        var builder = new TestClusterBuilder(2);
        builder.Properties[ClusterSiloConfigurator.RedisProperty] = redis.ConnectionString;
        builder.AddSiloBuilderConfigurator<ClusterSiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            await using var transport = RedisAdapterTransport.Create(redis.ConnectionString, partitions: 4);
            await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            var influencers = Enumerable.Range(0, 10).Select(i => $"inf-{i}").ToArray();
            var start = DateTimeOffset.UtcNow;
            var bad = 0;
            using var counters = new SiloCounters(cluster.Silos.Select(s => ((InProcessSiloHandle)s).SiloHost.Services));
            for (var n = 0; n < 20; n++)
            {
                foreach (var id in influencers)
                {
                    // Alternating status: each event in order is a change; one applied after a later one would be
                    // ignored as out_of_order, so the counters below show the order.
                    await transport.PublishAsync(StatusEvents.Signed(id, $"{id}-{n}", start.AddMilliseconds(n), n % 2 == 0 ? InfluencerStatus.Online : InfluencerStatus.Busy), id);
                    var key = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf(id, 4));
                    for (var k = 0; k < 5; k++)
                    {
                        // 1,000 bad entries interleaved with the 200 valid ones: unsigned garbage and entries without an event.
                        NameValueEntry[] fields = k % 2 == 0
                            ? [new NameValueEntry("event", "{oops"), new NameValueEntry("adapter", "x")]
                            : [new NameValueEntry("adapter", "x")];
                        await admin.GetDatabase().StreamAddAsync(key, fields);
                        bad++;
                    }
                }
            }

            // Delivery crosses the pulling agents' timers: poll the grains with a bounded deadline.
            foreach (var id in influencers)
            {
                var view = await Eventually.ReturnsAsync(
                    () => cluster.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask(),
                    v => v?.LastEventId == $"{id}-19",
                    $"{id} to reach its last event {id}-19",
                    TimeSpan.FromSeconds(60));
                view!.ReportedStatus.ShouldBe(InfluencerStatus.Busy);
            }

            // In order, each once: 200 changes, none ignored as out of order or duplicate, none a heartbeat.
            counters.Count("chimera.events.changes").ShouldBe(influencers.Length * 20);
            counters.Count("chimera.events.ignored").ShouldBe(0);
            counters.Count("chimera.events.heartbeats").ShouldBe(0);

            // Bad entries published after an influencer's last valid one may still be in flight: wait for them, then count exactly.
            var letters = await Eventually.ReturnsAsync(
                () => admin.GetDatabase().StreamRangeAsync(PerceptionNames.DeadLetterTopic),
                l => l.Length >= bad,
                "every bad entry dead-lettered");
            letters.Length.ShouldBe(bad);
            bad.ShouldBe(1000);
            letters.Count(l => (string?)l["reason"] == "unsigned").ShouldBe(600);
            letters.Count(l => (string?)l["reason"] == "malformed_entry").ShouldBe(400);
            letters.ShouldAllBe(l => l["origin"].StartsWith(PerceptionNames.StatusTopic + ":"));

            // Spec §10, on these silos' own meters: every valid entry passed the gate once; every bad one was rejected
            // once by its first code (unsigned at the gate, malformed_entry at the receiver's transport check) and its
            // letter counted once by the sink that stored it (which counts just after the write, so wait for the last).
            await Eventually.TrueAsync(() => Task.FromResult(counters.Count("chimera.events.deadlettered") >= bad), "every dead letter counted");
            counters.Count("chimera.events.accepted").ShouldBe(influencers.Length * 20);
            counters.Count("chimera.events.rejected").ShouldBe(bad);
            counters.Count("chimera.events.rejected", ("reason", "unsigned")).ShouldBe(600);
            counters.Count("chimera.events.rejected", ("reason", "malformed_entry")).ShouldBe(400);
            counters.Count("chimera.events.deadlettered").ShouldBe(bad);
            counters.Count("chimera.events.deadlettered", ("reason", "unsigned")).ShouldBe(600);
            counters.Count("chimera.events.deadlettered", ("reason", "malformed_entry")).ShouldBe(400);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
