using Npgsql;

namespace Chimera.Postgres.Audit;

// PostgresAuditLog: the writer's one connection, opened lazily and dropped after a failure.
internal sealed partial class PostgresAuditLog
{
    private async Task<NpgsqlConnection> GetConnectionAsync()
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            return _connection;
        }

        await DropConnectionAsync();
        var connection = await _dataSource.OpenConnectionAsync();
        try
        {
            await using var stage = new NpgsqlCommand(AuditSql.CreateStage, connection);
            await stage.ExecuteNonQueryAsync();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        _connection = connection;
        return connection;
    }

    private async Task DropConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
            {
                // The connection is already broken; a fresh one is opened for the next batch.
            }
        }
    }
}
