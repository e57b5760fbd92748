using Chimera.Postgres.Tests.Infrastructure;
using Chimera.Testing;

namespace Chimera.Postgres.Tests.Providers;

/// <summary>The 10.4.2 AdoNet providers against our sql/: grain state, reminders and membership on a 2-silo cluster.</summary>
[Trait(TestCategories.Name, TestCategories.Postgres)]
[Collection(PostgresCollection.Name)]
public sealed class OrleansProviderTests(PostgresFixture fixture)
{
    [Fact]
    public async Task TwoSiloCluster_OnPostgresMembership_ComesUpAndServesStateAndReminders()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        var cluster = PostgresTestCluster.Build(db, silos: 2, serviceId: "providers");
        await cluster.DeployAsync();
        try
        {
            // Membership: both silos are active in the PostgreSQL table.
            var management = cluster.GrainFactory.GetGrain<IManagementGrain>(0);
            (await management.GetHosts(onlyActive: true)).Count.ShouldBe(2);
            (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM orleans_membership WHERE status = 3")).ShouldBe(2);

            // Grain state: write, read back from storage, clear, write again after the clear.
            var grain = cluster.GrainFactory.GetGrain<IStateProbeGrain>("alpha");
            await grain.SetAsync("one");
            await grain.SetAsync("two");
            (await grain.ReloadAsync()).ShouldBe("two");
            (await TestDatabase.ScalarAsync(db, "SELECT version FROM orleans_storage WHERE grain_id_extension = 'alpha'")).ShouldBe(2);
            await grain.ClearAsync();
            (await grain.ReloadAsync()).ShouldBeNull();
            await grain.SetAsync("three");
            (await grain.ReloadAsync()).ShouldBe("three");

            // Reminders: register two, read them, unregister one.
            var reminders = cluster.GrainFactory.GetGrain<IReminderProbeGrain>("r1");
            await reminders.RegisterAsync("a");
            await reminders.RegisterAsync("b");
            await reminders.RegisterAsync("b");
            (await reminders.ListAsync()).ShouldBe(["a", "b"]);
            await reminders.UnregisterAsync("a");
            (await reminders.ListAsync()).ShouldBe(["b"]);
            (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM orleans_reminders")).ShouldBe(1);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task GrainState_SurvivesAFullClusterRestart()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        var first = PostgresTestCluster.Build(db, silos: 1, serviceId: "restart");
        await first.DeployAsync();
        await first.GrainFactory.GetGrain<IStateProbeGrain>("beta").SetAsync("kept");
        await first.StopAllSilosAsync();
        await first.DisposeAsync();

        var second = PostgresTestCluster.Build(db, silos: 1, serviceId: "restart");
        await second.DeployAsync();
        try
        {
            (await second.GrainFactory.GetGrain<IStateProbeGrain>("beta").GetAsync()).ShouldBe("kept");
        }
        finally
        {
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }
}
