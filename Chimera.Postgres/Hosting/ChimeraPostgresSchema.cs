using Chimera.Postgres.Migrations;

namespace Chimera.Postgres.Hosting;

/// <summary>Entry points the silo host uses for the schema: the <c>migrate</c> command and the start-up check.</summary>
public static class ChimeraPostgresSchema
{
    /// <summary>Applies pending migrations (the silo's <c>migrate</c> command).</summary>
    public static Task<MigrationReport> MigrateAsync(string connectionString, CancellationToken cancellationToken = default) =>
        new DatabaseMigrator().MigrateAsync(connectionString, cancellationToken);

    /// <summary>The database's schema state against this build's (health checks; nothing is changed).</summary>
    public static Task<SchemaState> CheckAsync(string connectionString, CancellationToken cancellationToken = default) =>
        new DatabaseMigrator().CheckAsync(connectionString, cancellationToken);

    /// <summary>Throws <see cref="SchemaOutdatedException"/> (naming the migrate command) when the database is behind.</summary>
    public static async Task<SchemaState> EnsureCurrentAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var state = await new DatabaseMigrator().CheckAsync(connectionString, cancellationToken);
        if (!state.IsCurrent)
        {
            throw new SchemaOutdatedException(state);
        }

        return state;
    }
}
