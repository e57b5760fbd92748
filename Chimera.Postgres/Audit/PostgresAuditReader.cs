using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Core.Audit;
using Chimera.Postgres.Hosting;
using Npgsql;

namespace Chimera.Postgres.Audit;

/// <summary>
/// History queries over <c>chimera_audit</c>; each is served by one index (see sql/0005_chimera_audit.sql).
/// Database errors surface as <see cref="AuditStoreUnavailableException"/> so they cross grain calls.
/// </summary>
internal sealed class PostgresAuditReader(ChimeraPostgresDataSource dataSource) : IAuditReader
{
    private readonly NpgsqlDataSource _dataSource = dataSource.DataSource;

    /// <summary>Rows of one influencer with event time in [From, To), newest (highest sequence) first.</summary>
    public Task<IReadOnlyList<AuditRecord>> GetHistoryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > AuditQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"Limit must be 1 to {AuditQuery.MaxLimit}.");
        }

        return GuardAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand(query.BeforeSequence is null ? AuditSql.History : AuditSql.HistoryBefore);
            command.Parameters.AddWithValue("influencer", query.InfluencerId);
            command.Parameters.AddWithValue("from", query.From.ToUniversalTime());
            command.Parameters.AddWithValue("to", query.To.ToUniversalTime());
            command.Parameters.AddWithValue("limit", query.Limit);
            if (query.BeforeSequence is { } before)
            {
                command.Parameters.AddWithValue("before", before);
            }

            var rows = new List<AuditRecord>(Math.Min(query.Limit, 256));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(AuditRows.Read(reader));
            }

            return (IReadOnlyList<AuditRecord>)rows;
        });
    }

    /// <summary>The newest status change or stale detection at or before <paramref name="at"/>.</summary>
    public Task<AuditRecord?> GetStatusAsOfAsync(string influencerId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(influencerId);
        return GuardAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand(AuditSql.AsOf);
            command.Parameters.AddWithValue("influencer", influencerId);
            command.Parameters.AddWithValue("at", at.ToUniversalTime());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? AuditRows.Read(reader) : null;
        });
    }

    /// <summary>Status changes and stale detections in [From, To), counted by new status (wire names).</summary>
    public Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(StatusCountsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return GuardAsync(async () =>
        {
            await using var command = _dataSource.CreateCommand(AuditSql.CountByStatus);
            command.Parameters.AddWithValue("from", query.From.ToUniversalTime());
            command.Parameters.AddWithValue("to", query.To.ToUniversalTime());
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[((InfluencerStatus)reader.GetInt16(0)).ToWire()] = reader.GetInt64(1);
            }

            return (IReadOnlyDictionary<string, long>)counts;
        });
    }

    private static async Task<T> GuardAsync<T>(Func<Task<T>> query)
    {
        try
        {
            return await query();
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw new AuditStoreUnavailableException($"PostgreSQL could not answer the audit query: {ex.Message}");
        }
    }
}
