namespace Chimera.Postgres.Migrations;

/// <summary>What <see cref="DatabaseMigrator.MigrateAsync"/> did: the version before and after, and the scripts it applied (empty when the database was current).</summary>
public sealed record MigrationReport(int FromVersion, int ToVersion, IReadOnlyList<string> Applied)
{
    /// <summary>The database did not exist and the migrator created it (CREATE DATABASE) before applying the scripts.</summary>
    public string? CreatedDatabase { get; init; }

    public bool ChangedAnything => Applied.Count > 0 || CreatedDatabase is not null;
}
