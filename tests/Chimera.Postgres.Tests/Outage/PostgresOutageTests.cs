using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Validation;
using Chimera.Testing;

namespace Chimera.Postgres.Tests.Outage;

/// <summary>
/// PostgreSQL outages keep routing right (spec §2.3, §9): while the database is down changes reach GetStatus and
/// routing at once, nothing is acknowledged in Redis, nothing is dead-lettered because delivery waited (the outage
/// outlasts the pulling agent's delivery deadline); once it is back every row is written exactly once and every entry
/// acknowledged — also when a silo dies during the outage. Past the configurable outage window an undurable change is
/// dead-lettered as delivery_failed and released.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Postgres)]
public sealed class PostgresOutageTests
{
    private const int Influencers = 10;

    [Fact]
    public async Task WhilePostgresIsDown_ChangesReachGetStatusAndRouting_TheirRowsFollowWhenItReturns_AndNothingIsAckedOrDeadLetteredBefore()
    {
        await using var run = await OutageCluster.StartAsync();
        var ids = Enumerable.Range(0, Influencers).Select(i => $"pg-out-{i}").ToArray();
        const string capability = "pg-out-a:v1";
        foreach (var id in ids)
        {
            await run.PublishAsync(run.Event(id, $"{id}-online", InfluencerStatus.Online, capability));
        }

        await Eventually.TrueAsync(async () => (await run.RowsAsync()).Count == Influencers, "the first changes recorded");
        await Eventually.TrueAsync(async () => await run.PendingAsync() == 0, "the first changes acknowledged");
        (await Routing(run).RouteAsync(new RouteRequest([Capability.Parse(capability)], CostClass.Low, 50))).Candidates.Count.ShouldBe(Influencers);

        await run.Postgres.StopAsync();
        foreach (var id in ids)
        {
            await run.PublishAsync(run.Event(id, $"{id}-busy", InfluencerStatus.Busy, capability));
        }

        // Views move while the database is down: the registry says busy, routing stops sending work.
        foreach (var id in ids)
        {
            var view = await Eventually.ReturnsAsync(() => run.ViewAsync(id), v => v?.LastEventId == $"{id}-busy", $"{id} busy while PostgreSQL is down");
            view!.Status.ShouldBe(InfluencerStatus.Busy);
        }

        (await Routing(run).RouteAsync(new RouteRequest([Capability.Parse(capability)], CostClass.Low, 50))).Candidates.ShouldBeEmpty();

        // Nothing of it is durable, so nothing of it is acknowledged — for longer than the delivery deadline.
        await Task.Delay(OutageCluster.MaxEventDeliveryTime + TimeSpan.FromSeconds(3));
        (await run.PendingAsync()).ShouldBe(Influencers);
        (await run.DeadLettersAsync()).ShouldBeEmpty();

        await run.Postgres.StartAsync();
        await Eventually.TrueAsync(async () => (await run.RowsAsync()).Count == 2 * Influencers, "the outage's rows written once PostgreSQL is back", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => await run.PendingAsync() == 0, "every entry acknowledged once durable", TimeSpan.FromSeconds(60));
        var rows = await run.RowsAsync();
        rows.Keys.Order(StringComparer.Ordinal).ShouldBe(ids.SelectMany(id => new[] { $"{id}-busy", $"{id}-online" }).Order(StringComparer.Ordinal));
        rows.Values.ShouldAllBe(n => n == 1);
        (await run.DeadLettersAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task ASiloDyingDuringTheOutage_LosesNothing_AndDuplicatesNothing()
    {
        await using var run = await OutageCluster.StartAsync();
        var ids = Enumerable.Range(0, 2 * Influencers).Select(i => $"pg-kill-{i:D2}").ToArray();
        const string capability = "pg-kill-a:v1";
        foreach (var id in ids)
        {
            await run.PublishAsync(run.Event(id, $"{id}-1-online", InfluencerStatus.Online, capability));
        }

        await Eventually.TrueAsync(async () => (await run.RowsAsync()).Count == ids.Length, "the first changes recorded");

        await run.Postgres.StopAsync();
        foreach (var id in ids)
        {
            await run.PublishAsync(run.Event(id, $"{id}-2-busy", InfluencerStatus.Busy, capability));
        }

        foreach (var id in ids)
        {
            await Eventually.ReturnsAsync(() => run.ViewAsync(id), v => v?.LastEventId == $"{id}-2-busy", $"{id} busy while PostgreSQL is down");
        }

        // A silo dies with changes applied to its views but not durable; newer events follow at once.
        var victim = run.Cluster.Silos[1];
        var stats = await run.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(hostsIds: [victim.SiloAddress]);
        stats.Count(s => s.GrainType.Contains("InfluencerGrain", StringComparison.Ordinal)).ShouldBeGreaterThan(0, "some influencer grains must die with the silo");
        await run.Cluster.KillSiloAsync(victim);
        run.Clock.Advance(TimeSpan.FromSeconds(1));
        foreach (var id in ids)
        {
            await run.PublishAsync(run.Event(id, $"{id}-3-idle", InfluencerStatus.Idle, capability));
        }

        foreach (var id in ids)
        {
            await Eventually.ReturnsAsync(() => run.ViewAsync(id), v => v?.LastEventId == $"{id}-3-idle", $"{id} idle after the kill", TimeSpan.FromSeconds(60));
        }

        await run.Postgres.StartAsync();
        await Eventually.TrueAsync(async () => (await run.RowsAsync()).Count == 3 * ids.Length, "every change recorded once PostgreSQL is back", TimeSpan.FromSeconds(90));
        await Eventually.TrueAsync(async () => await run.PendingAsync() == 0, "every entry acknowledged", TimeSpan.FromSeconds(60));

        var rows = await run.RowsAsync();
        rows.Keys.Order(StringComparer.Ordinal).ShouldBe(ids.SelectMany(id => new[] { $"{id}-1-online", $"{id}-2-busy", $"{id}-3-idle" }).Order(StringComparer.Ordinal));
        rows.Values.ShouldAllBe(n => n == 1);
        (await run.DeadLettersAsync()).ShouldBeEmpty();
        foreach (var id in ids)
        {
            (await run.ViewAsync(id))!.Status.ShouldBe(InfluencerStatus.Idle);
        }
    }

    [Fact]
    public async Task AChangeNotDurableWithinTheOutageWindow_IsDeadLetteredAsDeliveryFailed_AndReleased()
    {
        var window = TimeSpan.FromMinutes(2);
        await using var run = await OutageCluster.StartAsync(window);
        const string id = "pg-window-1";
        await run.PublishAsync(run.Event(id, $"{id}-online", InfluencerStatus.Online, "pg-window-a:v1"));
        await Eventually.TrueAsync(async () => await run.PendingAsync() == 0 && (await run.RowsAsync()).Count == 1, "the first change settled");

        await run.Postgres.StopAsync();
        await run.PublishAsync(run.Event(id, $"{id}-busy", InfluencerStatus.Busy, "pg-window-a:v1"));
        await Eventually.ReturnsAsync(() => run.ViewAsync(id), v => v?.LastEventId == $"{id}-busy", "the change applied to the views");
        (await run.DeadLettersAsync()).ShouldBeEmpty(); // inside the window: waiting, not given up

        run.Clock.Advance(window);

        var letter = (await Eventually.ReturnsAsync(() => run.DeadLettersAsync(), l => l.Length == 1, "the change dead-lettered past the outage window")).Single();
        ((string?)letter["reason"]).ShouldBe(RejectCodes.DeliveryFailed);
        ((string?)letter["violations"])!.ShouldContain("OutageWindow");
        ((string?)letter["event"])!.ShouldContain($"{id}-busy");
        await Eventually.TrueAsync(async () => await run.PendingAsync() == 0, "the dead-lettered entry released");
        (await run.ViewAsync(id))!.Status.ShouldBe(InfluencerStatus.Busy); // the view stays what the adapter said

        // The default window is at least 15 minutes.
        new Chimera.Core.Hosting.DurabilityOptions().OutageWindow.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(15));
    }

    private static IRoutingGrain Routing(OutageCluster run) => run.Client.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool);
}
