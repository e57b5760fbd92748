using Npgsql;

namespace Chimera.Postgres.Hosting;

/// <summary>Chimera's own pool (audit writer, reader, snapshots), apart from the Orleans providers' connections.</summary>
internal sealed class ChimeraPostgresDataSource(ChimeraPostgresOptions options) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(options.EffectiveConnectionString);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
