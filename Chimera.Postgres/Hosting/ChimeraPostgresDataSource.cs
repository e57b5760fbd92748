using Microsoft.Extensions.Options;
using Npgsql;

namespace Chimera.Postgres.Hosting;

/// <summary>Chimera's own pool (audit writer, reader, snapshots), apart from the Orleans providers' connections.</summary>
internal sealed class ChimeraPostgresDataSource(IOptions<ChimeraPostgresOptions> options) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(options.Value.EffectiveConnectionString);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
