using Chimera.Client.Adapters.Redis;
using Chimera.Contracts.Grains;
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
            for (var n = 0; n < 20; n++)
            {
                foreach (var id in influencers)
                {
                    await transport.PublishAsync(TestEvents.Signed(id, $"{id}-{n}", start.AddMilliseconds(n)), id);
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

            // Delivery crosses processes' timers: poll the grains with a bounded deadline.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            foreach (var id in influencers)
            {
                var grain = cluster.Client.GetGrain<IInfluencerGrain>(id);
                InfluencerView? view;
                while ((view = await grain.GetStatusAsync())?.LastEventId != $"{id}-19" && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }

                view.ShouldNotBeNull();
                view.LastEventId.ShouldBe($"{id}-19");
            }

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
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
