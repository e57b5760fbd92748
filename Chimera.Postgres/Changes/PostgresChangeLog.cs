using Chimera.Contracts.Grains;
using Chimera.Core.Changes;
using Chimera.Postgres.Audit;
using Chimera.Postgres.Hosting;
using Npgsql;

namespace Chimera.Postgres.Changes;

/// <summary>
/// The change stream over <c>chimera_audit.revision</c> (sql/0008). Any silo can serve any watcher: the rows and
/// their order are in PostgreSQL. Waiting is a short poll of the revision index; a watcher that is caught up costs
/// one index probe per <see cref="PollInterval"/>.
/// </summary>
internal sealed class PostgresChangeLog(ChimeraPostgresDataSource dataSource) : IChangeLog
{
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public Task<IReadOnlyList<AuditRecord>> ReadAfterAsync(long afterRevision, int limit, CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            await using var command = dataSource.DataSource.CreateCommand(AuditSql.ChangesAfter);
            command.Parameters.Add(new NpgsqlParameter<long>("after", afterRevision));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<AuditRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(AuditRows.Read(reader));
            }

            return (IReadOnlyList<AuditRecord>)rows;
        });

    public Task<long> GetHeadAsync(CancellationToken cancellationToken = default) =>
        GuardAsync(async () =>
        {
            await using var command = dataSource.DataSource.CreateCommand(AuditSql.Head);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        });

    // Npgsql's exceptions have no Orleans codec; this one crosses the grain call and names the cause.
    private static async Task<T> GuardAsync<T>(Func<Task<T>> query)
    {
        try
        {
            return await query().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw new AuditStoreUnavailableException($"PostgreSQL could not read the change stream: {ex.Message}");
        }
    }

    public async Task WaitAsync(long afterRevision, TimeSpan atMost, CancellationToken cancellationToken = default)
    {
        var pause = atMost < PollInterval ? atMost : PollInterval;
        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
        }
    }
}
