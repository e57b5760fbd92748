using System.Text.Json;
using Chimera.Adapters.Redis;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Core.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

/// <summary>
/// Bounded self-preservation (spec §3.6) end to end on real Redis, two silos, a fake domain clock: Redis stopped for
/// longer than a TTL holds the expiries it causes (suspect, routed last, no stale row, no offline announcement) and
/// lets them go when it is back or when the bound is reached; influencers that really go silent while Redis is healthy
/// expire as usual and the guard never starts.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Redis)]
public sealed class SelfPreservationTests
{
    private const int Influencers = 20;
    private const string Capability = "hold-a:v1";
    private static readonly TimeSpan Ttl = HeartbeatCadence.Ttl(1.0);

    [Fact]
    public async Task RedisStoppedLongerThanATtl_HoldsTheInfluencersAsSuspect_AndTheyComeBackWithoutAnyFalseAlarm()
    {
        await using var run = await Run.StartAsync(maxHold: TimeSpan.FromMinutes(8));
        await run.PublishAllAsync("first");
        await run.WaitForHealthyIngestAsync();

        run.Redis.Stop();
        await run.WaitForFailingIngestAsync();
        run.Cluster.Clock.Advance(Ttl + TimeSpan.FromSeconds(1)); // every status expires: its heartbeats cannot get through

        foreach (var id in run.Ids)
        {
            var view = await Eventually.ReturnsAsync(() => run.ViewAsync(id), v => v?.IsSuspect == true, $"{id} held as suspect");
            view!.IsStale.ShouldBeFalse();
            view.Status.ShouldBe(InfluencerStatus.Online);
        }

        var status = await run.Routing.GetSelfPreservationAsync();
        status.Holding.ShouldBeTrue();
        status.Suspects.ShouldBe(Influencers);
        var route = await run.Routing.RouteAsync(new RouteRequest([Contracts.Model.Capability.Parse(Capability)], CostClass.Low, 50));
        route.Candidates.Count.ShouldBe(Influencers);
        route.Candidates.ShouldAllBe(c => c.Suspect);
        run.StaleRows().ShouldBe(0);
        run.Holds.ShouldBe(1);
        run.Lines(l => l.StartsWith("Self-preservation ON", StringComparison.Ordinal)).ShouldHaveSingleItem().ShouldContain($"{Influencers} of {Influencers} live influencers");

        // Redis is back; the influencers' next heartbeats arrive (they never stopped beating).
        await run.Redis.StartAgainAsync();
        await run.PublishAllAsync("back");
        await Eventually.TrueAsync(async () => !(await run.Routing.GetSelfPreservationAsync()).Holding, "the hold to end once ingest is healthy again", TimeSpan.FromSeconds(60));

        foreach (var id in run.Ids)
        {
            var view = await run.ViewAsync(id);
            (view!.IsStale, view.IsSuspect).ShouldBe((false, false));
            (await run.Cluster.Audit.GetHistoryAsync(new AuditQuery(id, run.Start - TimeSpan.FromHours(1), run.Start + TimeSpan.FromHours(1))))
                .Select(r => r.Detail).ShouldBe(["first status"], $"{id}: no stale row, no \"back from stale\"");
        }

        // Exactly one announcement each — the first one: nothing went out as offline, nothing came back.
        (await run.AnnouncementsAsync()).ShouldBe(Influencers);
        run.Lines(l => l.StartsWith("Self-preservation OFF", StringComparison.Ordinal)).ShouldHaveSingleItem().ShouldContain("healthy again");
        run.Holds.ShouldBe(1);
    }

    [Fact]
    public async Task RedisDownPastTheBound_TheHeldInfluencersExpireAsUsual_AndNoSecondHoldStarts()
    {
        var maxHold = TimeSpan.FromMinutes(2);
        await using var run = await Run.StartAsync(maxHold);
        await run.PublishAllAsync("first");
        await run.WaitForHealthyIngestAsync();

        run.Redis.Stop();
        await run.WaitForFailingIngestAsync();
        run.Cluster.Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(async () => (await run.Routing.GetSelfPreservationAsync()).Suspects == Influencers, "every influencer held");

        run.Cluster.Clock.Advance(maxHold);
        await Eventually.TrueAsync(() => Task.FromResult(run.StaleRows() == Influencers), "every held influencer to go stale once the bound was reached", TimeSpan.FromSeconds(60));

        foreach (var id in run.Ids)
        {
            (await run.ViewAsync(id))!.IsStale.ShouldBeTrue();
        }

        var status = await run.Routing.GetSelfPreservationAsync();
        status.Holding.ShouldBeFalse();
        status.FailingPartitions.Count.ShouldBe(RedisFaultCluster.Partitions); // Redis is still down ...
        run.Cluster.Clock.Advance(Ttl);
        (await run.Routing.GetSelfPreservationAsync()).Holds.ShouldBe(1); // ... and no second hold chains onto the first
        run.Lines(l => l.StartsWith("Self-preservation OFF", StringComparison.Ordinal)).ShouldHaveSingleItem().ShouldContain("bound");

        // Once Redis is back, the "gone" announcements that could not be written go out.
        await run.Redis.StartAgainAsync();
        await Eventually.ReturnsAsync(run.AnnouncementsAsync, n => n == 2 * Influencers, "the offline announcements after the bound", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task InfluencersReallySilentWhileRedisIsHealthy_ExpireAsUsual_AndTheGuardNeverStarts()
    {
        await using var run = await Run.StartAsync(maxHold: TimeSpan.FromMinutes(8));
        await run.PublishAllAsync("first");
        await run.WaitForHealthyIngestAsync();

        run.Cluster.Clock.Advance(Ttl + TimeSpan.FromSeconds(1)); // they stop beating; Redis and the receivers are fine

        await Eventually.TrueAsync(() => Task.FromResult(run.StaleRows() == Influencers), "every silent influencer to go stale");
        foreach (var id in run.Ids)
        {
            var view = await run.ViewAsync(id);
            (view!.IsStale, view.IsSuspect).ShouldBe((true, false));
        }

        await Eventually.ReturnsAsync(run.AnnouncementsAsync, n => n == 2 * Influencers, "the offline announcements");
        var status = await run.Routing.GetSelfPreservationAsync();
        (status.Holding, status.Holds, status.FailingPartitions.Count).ShouldBe((false, 0, 0));
        run.Holds.ShouldBe(0);
        run.Lines(l => l.StartsWith("Self-preservation", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    /// <summary>One test's servers, cluster, publisher and observers.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly SiloCounters _counters;

        private Run(RedisServer redis, RedisFaultCluster cluster, RedisAdapterTransport transport, ConnectionMultiplexer admin, LogLineRecorder logs)
        {
            Redis = redis;
            Cluster = cluster;
            Transport = transport;
            Admin = admin;
            Logs = logs;
            Start = cluster.Clock.GetUtcNow();

            // This run's silos' own meters: a hold another test's cluster starts in parallel is not counted here.
            _counters = new SiloCounters(cluster.Cluster.Silos.Select(s => s.ServiceProvider));
        }

        public RedisServer Redis { get; }

        public RedisFaultCluster Cluster { get; }

        public RedisAdapterTransport Transport { get; }

        public ConnectionMultiplexer Admin { get; }

        public LogLineRecorder Logs { get; }

        public DateTimeOffset Start { get; }

        public string[] Ids { get; } = [.. Enumerable.Range(0, Influencers).Select(i => $"hold-{i:D2}")];

        public IRoutingGrain Routing => Cluster.Cluster.Client.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool);

        /// <summary>Self-preservation holds counted by the metric during this run.</summary>
        public long Holds => _counters.Count("chimera.selfpreservation.holds");

        public static async Task<Run> StartAsync(TimeSpan maxHold)
        {
            var redis = await RedisServer.StartAsync();
            var logs = new LogLineRecorder("Chimera.Grains.Routing.RoutingGrain");
            var cluster = await RedisFaultCluster.StartAsync(redis, silo =>
            {
                silo.Services.AddSingleton<ILoggerProvider>(logs);
                silo.Services.Configure<SelfPreservationOptions>(o =>
                {
                    o.MaxHold = maxHold;
                    o.RecoveryGrace = TimeSpan.FromSeconds(2);
                    o.ReportInterval = TimeSpan.FromMilliseconds(250);
                    o.ReportTimeout = TimeSpan.FromSeconds(2);
                });
            }, o => o.MaxBackoff = TimeSpan.FromSeconds(1));
            var transport = RedisAdapterTransport.Create(redis.ConnectionString, RedisFaultCluster.Partitions);
            var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            return new Run(redis, cluster, transport, admin, logs);
        }

        public async Task PublishAllAsync(string round)
        {
            var at = Cluster.Clock.GetUtcNow();
            foreach (var id in Ids)
            {
                var status = new StatusEvent
                {
                    EventId = $"{id}-{round}",
                    Source = "worker/influencer." + id,
                    Timestamp = at,
                    InfluencerId = id,
                    Status = InfluencerStatus.Online,
                    Capabilities = [Contracts.Model.Capability.Parse(Capability)],
                    Load = 0.2,
                    Confidence = 0.9,
                    RelevanceScore = 1.0,
                    SpecReference = "specs/openclaw_integration.md",
                };
                await Transport.PublishAsync(StatusEvents.Sign(status), id);
            }

            foreach (var id in Ids)
            {
                await Eventually.ReturnsAsync(() => ViewAsync(id), v => v?.LastEventId == $"{id}-{round}", $"{id}'s {round} event applied", TimeSpan.FromSeconds(60));
            }
        }

        public Task WaitForHealthyIngestAsync() => Eventually.TrueAsync(async () =>
        {
            var status = await Routing.GetSelfPreservationAsync();
            return status.PartitionsReported == RedisFaultCluster.Partitions && status.FailingPartitions.Count == 0;
        }, "every partition reported healthy");

        public Task WaitForFailingIngestAsync() => Eventually.TrueAsync(
            async () => (await Routing.GetSelfPreservationAsync()).FailingPartitions.Count == RedisFaultCluster.Partitions,
            "every partition reported failing");

        public Task<InfluencerView?> ViewAsync(string id) => Cluster.Cluster.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask();

        /// <summary>Stale-detection rows of this run's influencers (the in-memory audit log answers synchronously).</summary>
        public int StaleRows() => Ids.Sum(id => Cluster.Audit.GetHistoryAsync(new AuditQuery(id, Start - TimeSpan.FromHours(1), Start + TimeSpan.FromHours(1))).GetAwaiter().GetResult()
            .Count(r => r.Kind == AuditKind.StaleDetected));

        /// <summary>Distinct announcements (by envelope id: a retried announce that went out twice is one).</summary>
        public async Task<long> AnnouncementsAsync() =>
            (await Admin.GetDatabase().StreamRangeAsync(PerceptionNames.AnnounceTopic)).Select(e => JsonDocument.Parse((string)e["event"]!).RootElement.GetProperty("id").GetString()).Distinct().Count();

        public IReadOnlyList<string> Lines(Func<string, bool> which) => [.. Logs.Lines.Where(which)];

        public async ValueTask DisposeAsync()
        {
            _counters.Dispose();
            await Admin.DisposeAsync();
            await Transport.DisposeAsync();
            await Cluster.DisposeAsync();
            await Redis.DisposeAsync();
        }
    }
}
