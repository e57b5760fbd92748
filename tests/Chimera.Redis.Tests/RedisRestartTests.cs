using Chimera.Adapters.Redis;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class RedisRestartTests
{
    private const int Influencers = 10;
    private const int EventsEach = 40;
    private static readonly TimeSpan PublishDeadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Proves: a Redis restart in the middle of a run (kill -9, AOF with fsync always) loses no acknowledged
    /// event and applies none twice. Every published event alternates the status (online/busy), so each is
    /// exactly one change and one audit row: the shared audit log ends with exactly the published ids, each
    /// influencer's grain ends at its last event, and nothing was dead-lettered (no entry gave up on delivery).
    /// Publishing runs concurrently with the restart; an XADD that fails during the outage is retried, and one
    /// that Redis took but whose reply was lost is published twice — the grain ignores the copy by event id,
    /// which the exact row count also proves.
    /// </summary>
    [Fact]
    public async Task RedisRestartedMidRun_ProcessingResumes_EveryEventAppliedExactlyOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await RedisFaultCluster.StartAsync(redis);
        await using var transport = RedisAdapterTransport.Create(redis.ConnectionString, RedisFaultCluster.Partitions);
        using var counters = new SiloCounters(cluster.Cluster.Silos.Select(s => s.ServiceProvider));
        var influencers = Enumerable.Range(0, Influencers).Select(i => $"restart-{i}").ToArray();
        var start = cluster.Clock.GetUtcNow() - TimeSpan.FromMinutes(1); // inside the replay window, never in the future
        var published = 0;
        var retries = 0;

        async Task PublishRoundAsync(int n)
        {
            foreach (var id in influencers)
            {
                var entry = StatusEvents.Signed(id, EventId(id, n), start.AddMilliseconds(n), n % 2 == 0 ? InfluencerStatus.Online : InfluencerStatus.Busy);
                var giveUp = DateTime.UtcNow + PublishDeadline;
                while (true)
                {
                    try
                    {
                        await transport.PublishAsync(entry, id);
                        break;
                    }
                    catch (Exception ex) when (ex is RedisException or TimeoutException)
                    {
                        // The adapter's job during an outage: keep the entry and try again, until the deadline.
                        if (DateTime.UtcNow >= giveUp)
                        {
                            throw new TimeoutException($"{EventId(id, n)} could not be published within {PublishDeadline.TotalSeconds} s; Redis did not come back", ex);
                        }

                        Interlocked.Increment(ref retries);
                        await Task.Delay(50);
                    }
                }

                Interlocked.Increment(ref published);
            }
        }

        for (var n = 0; n < EventsEach / 2; n++)
        {
            await PublishRoundAsync(n);
        }

        // Restart only once the silos are demonstrably mid-run: some of the first half applied.
        await Eventually.TrueAsync(() => Task.FromResult(cluster.Audit.Count > 0), "the first changes to be applied");

        // The restart (RedisServer.RestartAsync is Stop + StartAgainAsync) is held open until every partition's
        // receiver has reported the outage: a restart shorter than the client's command timeout would be
        // absorbed by StackExchange.Redis's backlog and prove nothing about the receivers.
        redis.Stop();
        var publisher = Task.Run(async () =>
        {
            for (var n = EventsEach / 2; n < EventsEach; n++)
            {
                await PublishRoundAsync(n);
            }
        });
        await Eventually.TrueAsync(() => Task.FromResult(cluster.ReceiverLogs.KeysThatLogged(ReceiverLogRecorder.Unavailable).Count == RedisFaultCluster.Partitions), "every receiver to report the outage");

        // And until the publisher met it too: StackExchange.Redis queues commands while disconnected and fails them
        // only after its timeout, so on a slow box a short outage could end before any XADD failed.
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref retries) > 0), "an XADD to fail during the outage", TimeSpan.FromSeconds(60));
        await redis.StartAgainAsync();
        await publisher;
        published.ShouldBe(Influencers * EventsEach);
        retries.ShouldBeGreaterThan(0); // the publisher did meet the outage

        foreach (var id in influencers)
        {
            var view = await Eventually.ReturnsAsync(
                () => cluster.Cluster.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask(),
                v => v?.LastEventId == EventId(id, EventsEach - 1),
                $"{id} to reach its last event", TimeSpan.FromSeconds(45));
            view!.ReportedStatus.ShouldBe(InfluencerStatus.Busy);
        }

        var rows = await AuditIdsAsync(cluster, influencers, start);
        rows.Count.ShouldBe(Influencers * EventsEach);
        rows.ShouldBe(influencers.SelectMany(id => Enumerable.Range(0, EventsEach).Select(n => EventId(id, n))).Order(StringComparer.Ordinal), ignoreOrder: false);
        cluster.Audit.Count.ShouldBe(Influencers * EventsEach);

        // The rows alone cannot show "none twice" (the audit log drops a repeated id, and a re-applied copy of an
        // event would be a heartbeat): the grains' own counters do. Every event was applied once, as a change, and
        // nothing was applied as a heartbeat; any copy Redis delivered again was ignored as a duplicate.
        counters.Count("chimera.events.changes").ShouldBe(Influencers * EventsEach);
        counters.Count("chimera.events.heartbeats").ShouldBe(0);

        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        (await admin.GetDatabase().StreamLengthAsync(PerceptionNames.DeadLetterTopic)).ShouldBe(0);

        // A partition with no new entries may still sit in its back-off (at most MaxBackoff, 10 s) when every grain is
        // done; its next read logs the recovery. Wait for that, bounded by more than the longest back-off.
        await Eventually.TrueAsync(
            () => Task.FromResult(cluster.ReceiverLogs.KeysThatLogged(ReceiverLogRecorder.Recovered).Count == RedisFaultCluster.Partitions),
            "every receiver to log its recovery",
            TimeSpan.FromSeconds(30));
    }

    private static string EventId(string influencerId, int n) => $"{influencerId}-{n:D3}";

    private static async Task<List<string>> AuditIdsAsync(RedisFaultCluster cluster, string[] influencers, DateTimeOffset start)
    {
        var ids = new List<string>();
        foreach (var id in influencers)
        {
            var history = await cluster.Audit.GetHistoryAsync(new AuditQuery(id, start.AddSeconds(-1), start.AddMinutes(5), AuditQuery.MaxLimit));
            ids.AddRange(history.Select(r => r.EventId));
        }

        ids.Sort(StringComparer.Ordinal);
        return ids;
    }
}
