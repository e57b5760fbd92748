using Npgsql;

namespace Chimera.Postgres.Hosting;

/// <summary>
/// The PostgreSQL profile (<see cref="ChimeraPostgresSiloBuilderExtensions.AddChimeraPostgres"/>). Bound by the
/// silo from <c>ConnectionStrings:Postgres</c> and <c>Chimera:Postgres:*</c>; see Chimera.Postgres/README.md.
/// </summary>
public sealed class ChimeraPostgresOptions
{
    /// <summary>The ADO.NET invariant the Orleans AdoNet providers load Npgsql by.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Npgsql connection string. Required. Never logged: <see cref="ToString"/> redacts it.</summary>
    [Redact]
    public string ConnectionString { get; set; } = "";

    /// <summary>Cluster membership in PostgreSQL, so several silo processes form one cluster. Default true.</summary>
    public bool UseClustering { get; set; } = true;

    /// <summary>Refuse to start when the database schema is behind this build. Default true.</summary>
    public bool CheckSchemaOnStartup { get; set; } = true;

    /// <summary>Most audit rows written in one round trip (group commit). Default 4096.</summary>
    public int AuditBatchMaxRows { get; set; } = 4096;

    /// <summary>
    /// How long the writer lingers for more rows when a batch is not full. Default zero: rows that arrive while
    /// a batch commits form the next batch anyway, so lingering only adds latency.
    /// </summary>
    public TimeSpan AuditFlushInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Appends waiting for the writer before <c>AppendAsync</c> waits for room. Default 65536.</summary>
    public int AuditQueueCapacity { get; set; } = 65_536;

    /// <summary>First pause after a failed batch; doubles per consecutive failure. Default 100 ms.</summary>
    public TimeSpan AuditRetryMinBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest pause between attempts while PostgreSQL is unavailable. Default 5 s.</summary>
    public TimeSpan AuditRetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Take a registry snapshot this often; zero disables snapshots. Default 5 min.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Snapshots older than this are deleted when a new one is taken; zero keeps them all. Default 7 days.</summary>
    public TimeSpan SnapshotRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Influencers read from the routing grain per call while snapshotting. Default 1000 (the query maximum).</summary>
    public int SnapshotPageSize { get; set; } = 1000;

    /// <summary>
    /// The connection string the providers use: the configured one with the session time zone pinned to UTC, so
    /// timestamps the Orleans providers send without a kind are read as UTC, as they mean them.
    /// </summary>
    internal string EffectiveConnectionString => new NpgsqlConnectionStringBuilder(ConnectionString) { Timezone = "UTC" }.ConnectionString;

    public override string ToString()
    {
        var target = PostgresConnectionStrings.TryParse(ConnectionString, out var builder, out _) ? $"{builder.Host}:{builder.Port}/{builder.Database}" : "(invalid)";

        return $"postgres {target} (credentials redacted), clustering={UseClustering}, audit batch={AuditBatchMaxRows}, snapshot every {SnapshotInterval}";
    }
}
