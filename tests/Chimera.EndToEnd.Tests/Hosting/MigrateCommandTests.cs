using Chimera.EndToEnd.Tests.Http;
using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Hosting;

/// <summary>The production path from an empty PostgreSQL server: migrate creates the database; a silo pointed at a missing one says what to do.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_creates_a_missing_database_and_a_silo_on_a_missing_database_names_the_fix()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        var database = postgres.ConnectionStringFor("chimera_e2e_" + Guid.NewGuid().ToString("N")[..8]);

        // Before migrate: the silo refuses with one line and exit 2 (it used to die with an unhandled 3D000, exit 134).
        var early = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.SiloDll, $"--Chimera:Http:Urls=http://127.0.0.1:{LoopbackPorts.GetFree()}"],
            ProductionKey.SiloEnvironment(database, redis: null));
        early.ExitCode.ShouldBe(2, early.ToString());
        early.StandardError.ShouldContain("migrate");
        early.StandardError.Trim().Split('\n').Length.ShouldBe(1, early.ToString());

        var migrate = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.SiloDll, "migrate"], new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database });
        migrate.ExitCode.ShouldBe(0, migrate.ToString());
        migrate.StandardOutput.ShouldContain("created database");
        migrate.StandardOutput.ShouldContain("0008_chimera_change_revisions.sql");

        var again = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.SiloDll, "migrate"], new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = database });
        again.ExitCode.ShouldBe(0, again.ToString());
        again.StandardOutput.ShouldContain("nothing to do");
    }

    [Fact]
    public async Task The_silo_help_lists_its_commands()
    {
        var help = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.SiloDll, "--help"]);

        help.ExitCode.ShouldBe(0, help.ToString());
        help.StandardOutput.ShouldContain("migrate");
        help.StandardOutput.ShouldContain("--demo");
    }
}
