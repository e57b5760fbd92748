using Chimera.Postgres.Migrations;
using Chimera.Testing;
using Npgsql;

namespace Chimera.Bench.Infrastructure;

/// <summary>
/// The run's PostgreSQL 15 for the production profile: the Chimera.Testing fixture started with
/// <see cref="PostgresDurability.Production"/> (PostgreSQL's default durability), one database per silo run, migrated
/// with the sql/ scripts as an operator would (<c>chimera migrate</c> runs the same migrator).
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly PostgresServer _server;

    private BenchPostgres(PostgresServer server) => _server = server;

    public static async Task<BenchPostgres> StartAsync() => new(await PostgresServer.StartNewAsync(PostgresDurability.Production));

    /// <summary>A fresh, migrated database.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        // An operator's connection string: Npgsql's own pool defaults (100 connections, 15 s timeout), not the test
        // fixture's shorter timeout.
        var connectionString = new NpgsqlConnectionStringBuilder(await _server.CreateDatabaseAsync(prefix)) { Timeout = 15 }.ConnectionString;
        await new DatabaseMigrator().MigrateAsync(connectionString);
        return connectionString;
    }

    /// <summary>The durability settings the server actually runs with (read back with SHOW, not assumed).</summary>
    public async Task<string> DescribeDurabilityAsync()
    {
        var values = new List<string>();
        foreach (var setting in new[] { "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method" })
        {
            values.Add($"{setting}={await ScalarAsync(_server.AdminConnectionString, $"SHOW {setting}")}");
        }

        return "PostgreSQL " + await ScalarAsync(_server.AdminConnectionString, "SHOW server_version") + " " + string.Join(" ", values);
    }

    /// <summary>Audit rows in <paramref name="connectionString"/>'s chimera_audit: status changes and stale detections.</summary>
    public static async Task<(long Changes, long Stale)> AuditRowsAsync(string connectionString)
    {
        var changes = long.Parse(await ScalarAsync(connectionString, "SELECT count(*) FROM chimera_audit WHERE kind = 0"), System.Globalization.CultureInfo.InvariantCulture);
        var stale = long.Parse(await ScalarAsync(connectionString, "SELECT count(*) FROM chimera_audit WHERE kind = 1"), System.Globalization.CultureInfo.InvariantCulture);
        return (changes, stale);
    }

    /// <summary>
    /// Write activity so far: commits and rows inserted + updated + deleted in <paramref name="connectionString"/>'s
    /// database (pg_stat_database), and the server's WAL position in bytes (everything it wrote to its log).
    /// </summary>
    public static async Task<(long Commits, long Rows, long WalBytes)> ActivityAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint FROM pg_stat_database WHERE datname = current_database()",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static async Task<string> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
