using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Postgres.Hosting;
using Chimera.Postgres.Tests.Infrastructure;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Chimera.Postgres.Tests.Cluster;

/// <summary>Two real silo processes on PostgreSQL membership; one is SIGKILLed and the other serves its influencers with their state.</summary>
[Trait(TestCategories.Name, TestCategories.Postgres)]
[Collection(PostgresCollection.Name)]
public sealed class RealSiloProcessTests(PostgresFixture fixture)
{
    [Fact]
    public async Task SiloKilled_ItsInfluencersAreServedByTheOther_WithTheirState()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        const string clusterId = "real-silos";
        var environment = PostgresSiloEnvironment.For(db, clusterId);
        await using var a = await SiloProcess.StartAsync(environment, readyWithin: SiloProcess.JoinDeadline);
        await using var b = await SiloProcess.StartAsync(environment, readyWithin: SiloProcess.JoinDeadline);
        await Eventually.TrueAsync(async () => await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM orleans_membership WHERE status = 3") == 2,
            "both silos active in PostgreSQL membership", SiloProcess.JoinDeadline);

        using var client = await StartClientAsync(db, clusterId);
        var grains = client.Services.GetRequiredService<IClusterClient>();
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 16).Select(i => $"proc-{i}").ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            var entry = StatusEvents.Sign(StatusEvents.Create(ids[i], now, InfluencerStatus.Busy, load: 0.5 + (i / 100.0), currentTask: "task-" + i));
            (await grains.GetGrain<IStatusIngestGrain>(0).IngestAsync(entry)).ShouldBeEmpty();
        }

        foreach (var id in ids)
        {
            await Eventually.TrueAsync(async () => await grains.GetGrain<IInfluencerGrain>(id).GetStatusAsync() is not null, $"{id} applied");
        }

        // Views move first, rows follow (spec §9): wait for the rows, then take the silo away.
        await Eventually.TrueAsync(async () => await TestDatabase.ScalarAsync(db, "SELECT count(DISTINCT influencer_id) FROM chimera_audit") == ids.Length,
            "every influencer's first change recorded");

        // Record where the grains live before the kill, and kill a silo that hosts some of them: killing an empty
        // silo would prove nothing about recovery.
        var before = await InfluencerPlacementsAsync(grains, ids);
        before.Keys.Order(StringComparer.Ordinal).ShouldBe(ids.Order(StringComparer.Ordinal), "every influencer grain placed somewhere");
        var onA = before.Where(p => p.Value == a.SiloPort).Select(p => p.Key).ToArray();
        var onB = before.Where(p => p.Value == b.SiloPort).Select(p => p.Key).ToArray();
        (onA.Length + onB.Length).ShouldBe(ids.Length, $"placements on silo ports other than {a.SiloPort} and {b.SiloPort}");
        var (victim, survivor, moved) = onA.Length >= onB.Length ? (a, b, onA) : (b, a, onB);
        moved.ShouldNotBeEmpty();
        victim.Kill();

        for (var i = 0; i < ids.Length; i++)
        {
            var view = await Eventually.ReturnsAsync(
                async () =>
                {
                    try
                    {
                        return await grains.GetGrain<IInfluencerGrain>(ids[i]).GetStatusAsync();
                    }
                    catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException or OrleansException)
                    {
                        return null; // Until the cluster declares the killed silo dead.
                    }
                },
                v => v is not null, $"{ids[i]} served after the kill", TimeSpan.FromSeconds(90));
            view!.ReportedStatus.ShouldBe(InfluencerStatus.Busy);
            view.Load.ShouldBe(0.5 + (i / 100.0));
            view.CurrentTask.ShouldBe("task-" + i);
        }

        // The killed silo's grains now run on the survivor, with their state (checked above).
        var after = await InfluencerPlacementsAsync(grains, moved);
        moved.ShouldAllBe(id => after.GetValueOrDefault(id) == survivor.SiloPort, $"grains of the killed silo not reactivated on the survivor: {string.Join(", ", after)}");
    }

    /// <summary>Influencer id → the silo port of the silo hosting its activation (management grain statistics).</summary>
    private static async Task<Dictionary<string, int>> InfluencerPlacementsAsync(IClusterClient grains, IReadOnlyCollection<string> ids)
    {
        var stats = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return stats
            .Where(s => s.GrainType.Contains("InfluencerGrain", StringComparison.Ordinal) && ids.Contains(s.GrainId.Key.ToString()))
            .GroupBy(s => s.GrainId.Key.ToString()!)
            .ToDictionary(g => g.Key, g => g.First().SiloAddress.Endpoint.Port, StringComparer.Ordinal);
    }

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
