namespace Chimera.Postgres.Migrations;

/// <summary>What <see cref="DatabaseMigrator.MigrateAsync"/> did: the version before and after, and the scripts it applied (empty when the database was current).</summary>
public sealed record MigrationReport(int FromVersion, int ToVersion, IReadOnlyList<string> Applied)
{
    public bool ChangedAnything => Applied.Count > 0;
}
