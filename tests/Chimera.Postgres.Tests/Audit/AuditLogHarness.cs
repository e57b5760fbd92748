using Chimera.Postgres.Audit;
using Chimera.Postgres.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Chimera.Postgres.Tests.Audit;

/// <summary>The audit writer and reader outside a silo, over one database.</summary>
internal sealed class AuditLogHarness : IAsyncDisposable
{
    public AuditLogHarness(string connectionString, Action<ChimeraPostgresOptions>? configure = null)
    {
        var options = new ChimeraPostgresOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        ChimeraPostgresOptionsValidator.Instance.ThrowIfInvalid(options);
        DataSource = new ChimeraPostgresDataSource(Options.Create(options));
        Log = new PostgresAuditLog(DataSource, Options.Create(options), NullLogger<PostgresAuditLog>.Instance);
        Reader = new PostgresAuditReader(DataSource);
    }

    public ChimeraPostgresDataSource DataSource { get; }

    public PostgresAuditLog Log { get; }

    public PostgresAuditReader Reader { get; }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
