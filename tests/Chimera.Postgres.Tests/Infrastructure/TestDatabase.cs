using Chimera.Postgres.Migrations;
using Chimera.Testing;
using Npgsql;

namespace Chimera.Postgres.Tests.Infrastructure;

internal static class TestDatabase
{
    /// <summary>A new database with every migration applied.</summary>
    public static async Task<string> CreateMigratedAsync(PostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync();
        await new DatabaseMigrator().MigrateAsync(connectionString);
        return connectionString;
    }

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
