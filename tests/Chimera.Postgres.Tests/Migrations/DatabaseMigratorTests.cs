using Chimera.Postgres.Hosting;
using Chimera.Postgres.Migrations;
using Chimera.Postgres.Tests.Infrastructure;
using Chimera.Testing;

namespace Chimera.Postgres.Tests.Migrations;

[Trait(TestCategories.Name, TestCategories.Postgres)]
[Collection(PostgresCollection.Name)]
public sealed class DatabaseMigratorTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Migrate_AppliesEveryScriptToAnEmptyDatabase_ThenIsANoOp()
    {
        var db = await fixture.Server.CreateDatabaseAsync();
        var migrator = new DatabaseMigrator();

        var first = await migrator.MigrateAsync(db);
        var second = await migrator.MigrateAsync(db);

        first.FromVersion.ShouldBe(0);
        first.ToVersion.ShouldBe(migrator.ExpectedVersion);
        first.Applied.Count.ShouldBe(migrator.ExpectedVersion);
        first.Applied[0].ShouldBe("0001_orleans_main.sql");
        second.Applied.ShouldBeEmpty();
        second.FromVersion.ShouldBe(migrator.ExpectedVersion);
        (await migrator.CheckAsync(db)).IsCurrent.ShouldBeTrue();
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_schema_version")).ShouldBe(migrator.ExpectedVersion);
    }

    [Fact]
    public async Task Migrate_InstallsEveryQueryKeyThe1042ProvidersLookUp()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        string[] keys =
        [
            "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
            "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey", "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];

        var count = await TestDatabase.ScalarAsync(db,
            $"SELECT count(*) FROM OrleansQuery WHERE QueryKey IN ({string.Join(", ", keys.Select(k => $"'{k}'"))})");

        count.ShouldBe(keys.Length);
    }

    [Fact]
    public async Task Migrate_TwoMigratorsAtOnce_ApplyEachScriptExactlyOnce()
    {
        var db = await fixture.Server.CreateDatabaseAsync();

        var reports = await Task.WhenAll(new DatabaseMigrator().MigrateAsync(db), new DatabaseMigrator().MigrateAsync(db));

        reports.Sum(r => r.Applied.Count).ShouldBe(new DatabaseMigrator().ExpectedVersion);
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_schema_version")).ShouldBe(new DatabaseMigrator().ExpectedVersion);
    }

    [Fact]
    public async Task Check_OnAnEmptyDatabase_ReportsEveryScriptPending()
    {
        var db = await fixture.Server.CreateDatabaseAsync();

        var state = await new DatabaseMigrator().CheckAsync(db);

        state.IsCurrent.ShouldBeFalse();
        state.CurrentVersion.ShouldBe(0);
        state.Pending.Count.ShouldBe(state.ExpectedVersion);
    }

    [Fact]
    public async Task StartupCheck_OnADatabaseThatIsBehind_ThrowsNamingTheMigrateCommand()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        await TestDatabase.ScalarAsync(db, "WITH d AS (DELETE FROM chimera_schema_version WHERE version = 6 RETURNING 1) SELECT count(*) FROM d");

        var error = await Should.ThrowAsync<SchemaOutdatedException>(() => ChimeraPostgresSchema.EnsureCurrentAsync(db));

        error.Message.ShouldContain("dotnet run --project Chimera.Silo -c Release -- migrate");
        error.State!.Pending.ShouldBe(["0006_chimera_snapshots.sql"]);
    }
}
