using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Postgres.Hosting;
using Chimera.Postgres.Tests.Infrastructure;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Chimera.Postgres.Tests.Cluster;

/// <summary>
/// Crash recovery without false alarms (spec §3.5) with a real SIGKILL: two silo processes on PostgreSQL, influencers
/// heartbeating on time; the silo hosting them is killed, they keep beating, and their grains reactivate on the other
/// silo from a stored state whose last_seen (their last change) has expired by itself. No stale row, no flap.
/// (Real processes, so real time: the test waits for the stored states to expire rather than faking a clock.)
/// </summary>
[Trait(TestCategories.Name, TestCategories.Postgres)]
[Collection(PostgresCollection.Name)]
public sealed class SigkillRecoveryTests(PostgresFixture fixture)
{
    [Fact]
    public async Task HealthyInfluencersHeartbeatingThroughASigkill_GetNoStaleRow_AndNoFlap()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        const string clusterId = "sigkill-recovery";
        var environment = PostgresSiloEnvironment.For(db, clusterId, new Dictionary<string, string> { ["Chimera__Durability__RecoveryCatchUp"] = "00:00:05" });
        await using var a = await SiloProcess.StartAsync(environment, readyWithin: SiloProcess.JoinDeadline);
        await using var b = await SiloProcess.StartAsync(environment, readyWithin: SiloProcess.JoinDeadline);
        await Eventually.TrueAsync(async () => await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM orleans_membership WHERE status = 3") == 2,
            "both silos active in PostgreSQL membership", SiloProcess.JoinDeadline);
        using var client = await StartClientAsync(db, clusterId);
        var grains = client.Services.GetRequiredService<IClusterClient>();
        var ids = Enumerable.Range(0, 16).Select(i => $"sigkill-{i:D2}").ToArray();

        // Relevance 0: heartbeat every 120 s, TTL 240 s. Each influencer's change was 200 s before its own start, the
        // heartbeats followed on time: its stored state (the change) expires 40 s after that start, the live one almost
        // four minutes after it. The margin is the time its three ingests may take on a loaded machine without the
        // change arriving already expired (which would record a real stale row before the kill).
        var storedExpiry = DateTimeOffset.MinValue;
        foreach (var id in ids)
        {
            var start = DateTimeOffset.UtcNow;
            await IngestAsync(grains, StatusEvents.Create(id, start - TimeSpan.FromSeconds(200), relevance: 0.0, eventId: $"{id}-change"));
            await IngestAsync(grains, StatusEvents.Create(id, start - TimeSpan.FromSeconds(100), relevance: 0.0, eventId: $"{id}-beat-1"));
            await IngestAsync(grains, StatusEvents.Create(id, start - TimeSpan.FromSeconds(1), relevance: 0.0, eventId: $"{id}-beat-2"));
            storedExpiry = start + TimeSpan.FromSeconds(40);
        }

        foreach (var id in ids)
        {
            await Eventually.ReturnsAsync(() => grains.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask(), v => v?.LastEventId == $"{id}-beat-2", $"{id} applied");
        }

        // Kill only once every stored state has expired by itself: a reactivation that judged staleness from it would
        // then record a false stale row.
        var untilExpired = storedExpiry + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        if (untilExpired > TimeSpan.Zero)
        {
            await Task.Delay(untilExpired);
        }

        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var onA = hosts.Count(s => s.SiloAddress.Endpoint.Port == a.SiloPort && ids.Contains(s.GrainId.Key.ToString()));
        var onB = hosts.Count(s => s.SiloAddress.Endpoint.Port == b.SiloPort && ids.Contains(s.GrainId.Key.ToString()));
        (onA + onB).ShouldBe(ids.Length);
        var (victim, killed) = onA >= onB ? (a, onA) : (b, onB);
        killed.ShouldBeGreaterThan(0);

        victim.Kill();

        // They keep beating, on time; their grains come back on the surviving silo once the cluster notices.
        foreach (var id in ids)
        {
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    await IngestAsync(grains, StatusEvents.Create(id, DateTimeOffset.UtcNow, relevance: 0.0, eventId: $"{id}-beat-3"));
                    return true;
                }
                catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException or OrleansException or IngestUnavailableException)
                {
                    return false; // until the killed silo is declared dead
                }
            }, $"{id}'s heartbeat accepted after the kill", TimeSpan.FromSeconds(90));
        }

        // Reactivation on the survivor waits for the death to be declared and the grain's catch-up: as slow as a silo
        // joining on a loaded box, so the same deadline. These silos carry events on Orleans memory streams (no Redis),
        // which are not durable across a silo death: a heartbeat accepted while the queues moved can be lost (durable
        // delivery is the Redis provider's, proven by SiloKillTests). So each influencer keeps beating, as its adapter
        // would, until a beat sent after the kill is applied; what is asserted below is unchanged.
        foreach (var id in ids)
        {
            var beat = 3;
            var lastSent = DateTime.UtcNow;
            var view = await Eventually.ReturnsAsync(async () =>
            {
                var current = await StatusOrNullAsync(grains, id);
                if (current?.LastEventId?.StartsWith($"{id}-beat-", StringComparison.Ordinal) == true && current.LastEventId != $"{id}-beat-1" && current.LastEventId != $"{id}-beat-2")
                {
                    return current;
                }

                // Another beat every 5 s at most: an adapter's pace, not a flood.
                if (DateTime.UtcNow - lastSent < TimeSpan.FromSeconds(5))
                {
                    return current;
                }

                lastSent = DateTime.UtcNow;
                try
                {
                    await IngestAsync(grains, StatusEvents.Create(id, DateTimeOffset.UtcNow, relevance: 0.0, eventId: $"{id}-beat-{++beat}"));
                }
                catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException or OrleansException or IngestUnavailableException)
                {
                    // Still failing over; the next probe tries again.
                }

                return current;
            }, v => v?.LastEventId is { } last && last.StartsWith($"{id}-beat-", StringComparison.Ordinal) && last != $"{id}-beat-1" && last != $"{id}-beat-2",
                $"{id} beating after the kill", SiloProcess.JoinDeadline);
            view!.IsStale.ShouldBeFalse();
        }

        // A real change of each, recorded once the reactivated grains settled: by then any false alarm would be recorded too.
        foreach (var id in ids)
        {
            await IngestAsync(grains, StatusEvents.Create(id, DateTimeOffset.UtcNow, InfluencerStatus.Busy, relevance: 0.0, currentTask: "t", eventId: $"{id}-busy"));
        }

        await Eventually.TrueAsync(async () => await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit WHERE event_id LIKE '%-busy'") == ids.Length,
            "every influencer's later change recorded", TimeSpan.FromSeconds(60));
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit WHERE kind = 1")).ShouldBe(0, "no stale row");
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit WHERE detail = 'back from stale'")).ShouldBe(0, "no flap");
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit")).ShouldBe(2 * ids.Length);
    }

    // A read may still be routed to the killed silo until the client's directory cache learns of its death (seen on a
    // loaded box): that is the same transient as for the heartbeats above, so it counts as "not yet", never as a pass.
    private static async Task<InfluencerView?> StatusOrNullAsync(IClusterClient grains, string id)
    {
        try
        {
            return await grains.GetGrain<IInfluencerGrain>(id).GetStatusAsync();
        }
        catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException or OrleansException)
        {
            return null;
        }
    }

    private static async Task IngestAsync(IClusterClient grains, StatusEvent statusEvent) =>
        (await grains.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(statusEvent))).ShouldBeEmpty();

    private static async Task<IHost> StartClientAsync(string db, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = clusterId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = ChimeraPostgresOptions.Invariant;
                o.ConnectionString = db;
            });
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
