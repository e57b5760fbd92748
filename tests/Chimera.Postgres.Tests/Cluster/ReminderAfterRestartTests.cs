using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Core.Hosting;
using Chimera.Grains.Hosting;
using Chimera.Postgres.Hosting;
using Chimera.Postgres.Tests.Infrastructure;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Orleans.TestingHost;

namespace Chimera.Postgres.Tests.Cluster;

/// <summary>
/// The lead's InfluencerGrain on the PostgreSQL profile: its state and staleness reminder survive a full cluster
/// restart, and after the restart the reminder (read back from PostgreSQL) marks the expired influencer stale.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Postgres)]
[Collection(PostgresCollection.Name)]
public sealed class ReminderAfterRestartTests(PostgresFixture fixture)
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AfterAFullRestart_TheReminderFires_AndMarksTheExpiredInfluencerStale()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        var clock = new FakeTimeProvider(Epoch);
        const string id = "rem-1";

        var first = Build(db, clock);
        await first.DeployAsync();
        var entry = StatusEvents.Sign(StatusEvents.Create(id, Epoch, InfluencerStatus.Online, load: 0.42));
        (await first.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(entry)).ShouldBeEmpty();
        await Eventually.TrueAsync(async () => await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM orleans_reminders") == 1,
            "the staleness reminder stored in PostgreSQL");
        (await first.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync())!.IsStale.ShouldBeFalse();
        await first.StopAllSilosAsync();
        await first.DisposeAsync();

        // Nobody watches while the status expires (the TTL is at most a few minutes).
        clock.Advance(TimeSpan.FromMinutes(30));
        var second = Build(db, clock);
        await second.DeployAsync();
        try
        {
            // Only the reminder can activate the grain here; fake time moves until the reminder service has loaded it and it fired.
            await Eventually.TrueAsync(async () =>
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                return await TestDatabase.ScalarAsync(db, $"SELECT count(*) FROM chimera_audit WHERE influencer_id = '{id}' AND kind = 1") == 1;
            }, "the stale detection row written after the reminder fired", TimeSpan.FromSeconds(60));

            var view = await second.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync();
            view!.IsStale.ShouldBeTrue();
            view.Load.ShouldBe(0.42);
            var asOf = await second.Client.GetGrain<IHistoryGrain>(0).GetStatusAsOfAsync(id, clock.GetUtcNow());
            asOf!.Kind.ShouldBe(AuditKind.StaleDetected);
            asOf.NewStatus.ShouldBe(InfluencerStatus.Offline);
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Snapshot_RecordsCountsAndEveryInfluencer_OncePerPeriod()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        var clock = new FakeTimeProvider(Epoch);
        var cluster = Build(db, clock, TimeSpan.FromMinutes(5));
        await cluster.DeployAsync();
        try
        {
            foreach (var (id, status) in new[] { ("s-1", InfluencerStatus.Online), ("s-2", InfluencerStatus.Busy), ("s-3", InfluencerStatus.Online) })
            {
                (await cluster.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(StatusEvents.Create(id, Epoch, status)))).ShouldBeEmpty();
            }

            var routing = cluster.Client.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool);
            await Eventually.TrueAsync(async () => (await routing.GetCountsAsync()).Total == 3, "three influencers in the routing index");
            var writer = cluster.Silos[0].ServiceProvider.GetRequiredService<Chimera.Postgres.Snapshots.RegistrySnapshotWriter>();

            (await writer.TakeAsync(clock.GetUtcNow(), CancellationToken.None)).ShouldBeTrue();
            (await writer.TakeAsync(clock.GetUtcNow().AddSeconds(1), CancellationToken.None)).ShouldBeFalse();

            (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_registry_snapshot WHERE complete AND total = 3")).ShouldBe(1);
            (await TestDatabase.ScalarAsync(db, "SELECT (by_status->>'online')::int FROM chimera_registry_snapshot")).ShouldBe(2);
            (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_registry_snapshot_influencer")).ShouldBe(3);
            (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_registry_snapshot_influencer WHERE influencer_id = 's-2' AND status = 2")).ShouldBe(1);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static InProcessTestCluster Build(string db, FakeTimeProvider clock, TimeSpan? snapshotInterval = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "reminder-restart";
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(ChimeraClock.Key, clock);
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, clock);
            silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.Configure<ProvenanceOptions>(o => o.Adapters.Add(new TrustedAdapterKeyOptions
            {
                AdapterId = TestKeys.Any.AdapterId,
                KeyId = TestKeys.Any.KeyId,
                Secret = Convert.ToBase64String(TestKeys.Any.Secret),
                Influencers = ["*"],
            }));
            silo.AddChimeraCore();
            silo.AddChimeraPostgres(o =>
            {
                o.ConnectionString = db;
                o.UseClustering = false; // the test cluster brings its own membership
                o.SnapshotInterval = snapshotInterval ?? TimeSpan.Zero;
            });
            silo.AddMemoryStreams(ChimeraStreams.ProviderName);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(ChimeraStreams.ProviderName));
        return builder.Build();
    }
}
