using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Chimera.Postgres.Migrations;

/// <summary>
/// Applies the versioned scripts of <c>sql/</c> (embedded in this assembly) to a PostgreSQL database.
/// Idempotent: a current database is left untouched. Each script runs in its own transaction together with
/// its row in <c>chimera_schema_version</c>, so a failed script leaves the database at the previous version.
/// A session advisory lock serialises concurrent migrators (two silos starting at once).
/// </summary>
public sealed partial class DatabaseMigrator(ILogger<DatabaseMigrator>? logger = null)
{
    // Arbitrary but fixed: every Chimera migrator, in every process, contends on the same lock.
    private const long AdvisoryLockKey = 0x43_68_69_6D_65_72_61; // "Chimera"

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS chimera_schema_version
        (
            version    integer     NOT NULL PRIMARY KEY,
            name       text        NOT NULL,
            checksum   text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """;

    private readonly ILogger _logger = logger ?? NullLogger<DatabaseMigrator>.Instance;
    private readonly IReadOnlyList<MigrationScript> _scripts = MigrationScript.LoadEmbedded();

    /// <summary>The schema version this build expects (the highest script number).</summary>
    public int ExpectedVersion => _scripts.Count == 0 ? 0 : _scripts[^1].Version;

    /// <summary>Applies every pending script in order; returns what it did.</summary>
    public async Task<MigrationReport> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var created = await EnsureDatabaseAsync(connectionString, cancellationToken);
        var report = await ApplyAsync(connectionString, cancellationToken);
        return report with { CreatedDatabase = created };
    }

    /// <summary>
    /// Creates the connection string's database when it does not exist (PostgreSQL 3D000), connecting to the server's
    /// <c>postgres</c> database with the same credentials. Returns its name when it created it, null when it existed.
    /// Throws <see cref="DatabaseMissingException"/> (one line naming the fix) when it is missing and cannot be created.
    /// </summary>
    public async Task<string?> EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        try
        {
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(cancellationToken);
            return null;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName && !string.IsNullOrEmpty(target.Database))
        {
            var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
            try
            {
                await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                // An identifier cannot be a parameter; quote it (doubling quotes), so any name is taken literally.
                await ExecuteAsync(connection, null, $"CREATE DATABASE \"{target.Database.Replace("\"", "\"\"", StringComparison.Ordinal)}\" ENCODING 'UTF8'", cancellationToken);
            }
            catch (PostgresException create) when (create.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another migrator created it in the meantime.
                return null;
            }
            catch (NpgsqlException create)
            {
                throw new DatabaseMissingException(target, create.Message, ex);
            }

            LogCreated(target.Database);
            return target.Database;
        }
    }

    private async Task<MigrationReport> ApplyAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, CreateVersionTable, cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var from = applied.Count == 0 ? 0 : applied.Keys.Max();
            var done = new List<string>();
            foreach (var script in _scripts.Where(s => !applied.ContainsKey(s.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                await using (var record = new NpgsqlCommand(
                    "INSERT INTO chimera_schema_version (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction))
                {
                    record.Parameters.AddWithValue("version", script.Version);
                    record.Parameters.AddWithValue("name", script.Name);
                    record.Parameters.AddWithValue("checksum", script.Checksum);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                LogApplied(script.Name, script.Version);
                done.Add(script.Name);
            }

            return new MigrationReport(from, Math.Max(from, ExpectedVersion), done);
        }
        finally
        {
            // Unlock even after a failure; closing the session would release it too, but pooling keeps sessions.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
        }
    }

    /// <summary>Compares the database's applied scripts with this build's, without changing anything.</summary>
    public async Task<SchemaState> CheckAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('chimera_schema_version') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return new SchemaState(0, ExpectedVersion, [.. _scripts.Select(s => s.Name)], []);
            }
        }

        var applied = await ReadAppliedAsync(connection, cancellationToken);
        var current = applied.Count == 0 ? 0 : applied.Keys.Max();
        var pending = _scripts.Where(s => !applied.ContainsKey(s.Version)).Select(s => s.Name).ToList();
        var modified = _scripts.Where(s => applied.TryGetValue(s.Version, out var checksum) && checksum != s.Checksum).Select(s => s.Name).ToList();
        return new SchemaState(current, ExpectedVersion, pending, modified);
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM chimera_schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created database {Database}")]
    private partial void LogCreated(string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Script} (version {Version})")]
    private partial void LogApplied(string script, int version);
}
