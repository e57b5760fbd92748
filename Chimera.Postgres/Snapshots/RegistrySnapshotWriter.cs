using System.Text.Json;
using Chimera.Contracts.Grains;
using Chimera.Postgres.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Chimera.Postgres.Snapshots;

/// <summary>
/// Every <see cref="ChimeraPostgresOptions.SnapshotInterval"/>, records the routing registry of the default pool
/// (counts by status and capability, and every influencer's row) in <c>chimera_registry_snapshot*</c>.
/// Each silo runs this; the unique (pool, bucket_start) key lets only the first silo per period write.
/// A failed snapshot is logged and the next period tries again; it never affects the silo.
/// </summary>
internal sealed partial class RegistrySnapshotWriter(
    IGrainFactory grains,
    ChimeraPostgresDataSource dataSource,
    IOptions<ChimeraPostgresOptions> settings,
    TimeProvider time,
    ILogger<RegistrySnapshotWriter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const string Pool = IRoutingGrain.DefaultPool;
    private readonly ChimeraPostgresOptions _options = settings.Value;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (_options.SnapshotInterval > TimeSpan.Zero)
        {
            lifecycle.Subscribe(nameof(RegistrySnapshotWriter), ServiceLifecycleStage.Active,
                _ => { _loop = Task.Run(RunAsync); return Task.CompletedTask; },
                async _ => { await _stopping.CancelAsync(); if (_loop is not null) { await _loop; } });
        }
    }

    /// <summary>Takes the snapshot of the period containing <paramref name="now"/>; false when another silo already did.</summary>
    internal async Task<bool> TakeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_options.SnapshotInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Snapshots are disabled (Chimera:Postgres:SnapshotInterval is 0).");
        }

        var routing = grains.GetGrain<IRoutingGrain>(Pool);
        var counts = await routing.GetCountsAsync();
        var bucket = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % _options.SnapshotInterval.Ticks), TimeSpan.Zero);

        await using var connection = await dataSource.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long snapshotId;
        await using (var header = new NpgsqlCommand("""
            INSERT INTO chimera_registry_snapshot (pool, bucket_start, taken_at, total, by_status, by_capability)
            VALUES (@pool, @bucket, @taken, @total, @status, @capability)
            ON CONFLICT (pool, bucket_start) DO NOTHING
            RETURNING snapshot_id
            """, connection, transaction))
        {
            header.Parameters.AddWithValue("pool", Pool);
            header.Parameters.AddWithValue("bucket", bucket);
            header.Parameters.AddWithValue("taken", now.ToUniversalTime());
            header.Parameters.AddWithValue("total", counts.Total);
            header.Parameters.AddWithValue("status", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(counts.ByStatus));
            header.Parameters.AddWithValue("capability", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(counts.ByCapability));
            if (await header.ExecuteScalarAsync(cancellationToken) is not long id)
            {
                return false;
            }

            snapshotId = id;
        }

        var rows = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY chimera_registry_snapshot_influencer (snapshot_id, influencer_id, status, is_stale, load, confidence, relevance_score, capabilities, expires_at) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            string? after = null;
            while (true)
            {
                var page = await routing.ListAsync(new ListQuery(Limit: _options.SnapshotPageSize, After: after));
                foreach (var row in page)
                {
                    await importer.StartRowAsync(cancellationToken);
                    await importer.WriteAsync(snapshotId, NpgsqlDbType.Bigint, cancellationToken);
                    await importer.WriteAsync(row.InfluencerId, NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync((short)row.Status, NpgsqlDbType.Smallint, cancellationToken);
                    await importer.WriteAsync(row.IsStale, NpgsqlDbType.Boolean, cancellationToken);
                    await importer.WriteAsync(row.Load, NpgsqlDbType.Double, cancellationToken);
                    await importer.WriteAsync(row.Confidence, NpgsqlDbType.Double, cancellationToken);
                    await importer.WriteAsync(row.RelevanceScore, NpgsqlDbType.Double, cancellationToken);
                    await importer.WriteAsync(row.Capabilities.Select(c => c.ToString()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                    await importer.WriteAsync(row.ExpiresAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                    rows++;
                }

                if (page.Count < _options.SnapshotPageSize)
                {
                    break;
                }

                after = page[^1].InfluencerId;
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await using (var finish = new NpgsqlCommand(
            "UPDATE chimera_registry_snapshot SET complete = true WHERE snapshot_id = @id", connection, transaction))
        {
            finish.Parameters.AddWithValue("id", snapshotId);
            await finish.ExecuteNonQueryAsync(cancellationToken);
        }

        if (_options.SnapshotRetention > TimeSpan.Zero)
        {
            await using var prune = new NpgsqlCommand(
                "DELETE FROM chimera_registry_snapshot WHERE pool = @pool AND bucket_start < @cutoff", connection, transaction);
            prune.Parameters.AddWithValue("pool", Pool);
            prune.Parameters.AddWithValue("cutoff", (now - _options.SnapshotRetention).ToUniversalTime());
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogSnapshot(snapshotId, rows, counts.Total);
        return true;
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_options.SnapshotInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await TakeAsync(time.GetUtcNow(), _stopping.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
                {
                    LogSnapshotFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Silo stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry snapshot {SnapshotId} written: {Rows} influencers (total {Total})")]
    private partial void LogSnapshot(long snapshotId, int rows, int total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registry snapshot failed; the next period tries again")]
    private partial void LogSnapshotFailed(Exception exception);
}
