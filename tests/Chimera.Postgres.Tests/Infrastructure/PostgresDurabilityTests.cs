using Chimera.Testing;
using Npgsql;

namespace Chimera.Postgres.Tests.Infrastructure;

/// <summary>
/// The fixture's two durability settings do what they say: the tests run with <c>fsync=off</c>, the benchmark's
/// production profile with PostgreSQL's own defaults (BENCHMARKS.md states them, so they must be true).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Postgres)]
public sealed class PostgresDurabilityTests
{
    [Theory]
    [InlineData(PostgresDurability.Test, "off")]
    [InlineData(PostgresDurability.Production, "on")]
    public async Task The_server_runs_with_the_durability_it_was_started_with(PostgresDurability durability, string fsync)
    {
        await using var server = await PostgresServer.StartNewAsync(durability);
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();

        (await ShowAsync(connection, "fsync")).ShouldBe(fsync);
        (await ShowAsync(connection, "synchronous_commit")).ShouldBe("on");
    }

    private static async Task<string?> ShowAsync(NpgsqlConnection connection, string setting)
    {
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
