using System.Threading.Channels;
using Chimera.Contracts.Grains;
using Chimera.Core.Audit;
using Chimera.Core.Telemetry;
using Chimera.Postgres.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Chimera.Postgres.Audit;

/// <summary>
/// The PostgreSQL audit log with group commit. <see cref="AppendAsync"/> enqueues; one writer loop takes
/// everything queued (up to <see cref="ChimeraPostgresOptions.AuditBatchMaxRows"/>), writes it in one
/// transaction and only then completes each caller's task: a completed append is durable.
/// While PostgreSQL is unreachable (a connection or server-availability error) a batch is not failed: the loop backs
/// off and writes the rows still open again until the database is back, so a caller's task simply completes later
/// (spec §9: views move at once, rows follow when the database returns; the caller bounds its own wait). A batch
/// refused as data is split so that only the refused row fails (<see cref="AuditRecordRejectedException"/>), the
/// others commit. Any other failure fails exactly its callers with <see cref="AuditStoreUnavailableException"/> (they
/// retry, the stream redelivers) and the loop backs off; it never stops while the silo runs. When the silo stops,
/// rows still waiting fail with that exception (nothing of them was acknowledged; the stream delivers them again).
/// </summary>
internal sealed partial class PostgresAuditLog : IAuditLog, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly Channel<PendingAppend> _queue;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ChimeraPostgresOptions _options;
    private readonly ILogger<PostgresAuditLog> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private NpgsqlConnection? _connection;
    private Task? _loop;

    private readonly ChimeraInstruments? _instruments;

    public PostgresAuditLog(ChimeraPostgresDataSource dataSource, IOptions<ChimeraPostgresOptions> settings, ILogger<PostgresAuditLog> logger, ChimeraInstruments? instruments = null)
    {
        var options = settings.Value;
        _instruments = instruments;
        _dataSource = dataSource.DataSource;
        _options = options;
        _logger = logger;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.AuditQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    internal AuditWriteMode Mode { get; set; } = AuditWriteMode.Adaptive;

    /// <summary>
    /// Batch size from which <see cref="AuditWriteMode.Adaptive"/> uses COPY: `bash scripts/bench.sh --only audit`
    /// shows unnest ahead at ~500 rows per batch and COPY ahead at ~2,000 (see Chimera.Postgres/README.md).
    /// </summary>
    internal const int CopyThreshold = 1024;

    /// <summary>Batches committed so far (tests read it to see that appends shared batches).</summary>
    internal long BatchesCommitted => Interlocked.Read(ref _batchesCommitted);

    private long _batchesCommitted;

    /// <summary>Write attempts that met an outage and kept their rows for the next attempt (tests read it).</summary>
    internal long OutageRetries => Interlocked.Read(ref _outageRetries);

    private long _outageRetries;

    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var pending = new PendingAppend(record);
        if (_queue.Writer.TryWrite(pending))
        {
            return cancellationToken.CanBeCanceled ? pending.Completion.WaitAsync(cancellationToken) : pending.Completion;
        }

        return EnqueueSlowAsync(pending, cancellationToken);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        // Starts before grains run and stops after they are deactivated (stop runs stages in reverse).
        lifecycle.Subscribe(nameof(PostgresAuditLog), ServiceLifecycleStage.RuntimeInitialize,
            _ => { Start(); return Task.CompletedTask; }, _ => StopAsync());

    internal void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>Writes what is queued, then stops; appends after this fail.</summary>
    internal async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        await DropConnectionAsync();
    }

    // Idempotent: DI disposes this once per registration that resolves it (IAuditLog, lifecycle participant).
    // The token source is not disposed for that reason; it owns no timer, so nothing leaks.
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task EnqueueSlowAsync(PendingAppend pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new AuditStoreUnavailableException("The audit log is shut down (the silo is stopping); the row was not recorded.");
        }

        await pending.Completion.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingAppend>(_options.AuditBatchMaxRows);
        var failures = 0;
        var reader = _queue.Reader;
        // Rows kept over an outage are written again without waiting for new ones.
        while (batch.Count > 0 || await reader.WaitToReadAsync(CancellationToken.None))
        {
            Drain(reader, batch);
            if (_options.AuditFlushInterval > TimeSpan.Zero && batch.Count < _options.AuditBatchMaxRows && !_stopping.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(_options.AuditFlushInterval, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: write what we have now.
                }

                Drain(reader, batch);
            }

            var outcome = await CommitAsync(batch);
            if (outcome.Outage is { } outage)
            {
                // PostgreSQL is down or restarting: keep the rows still open and write them again once it answers.
                // Nothing of them is acknowledged meanwhile; their callers' tasks are still pending.
                failures++;
                Interlocked.Increment(ref _outageRetries);
                batch.RemoveAll(static pending => pending.Completion.IsCompleted);
                var backoff = Backoff(failures);
                LogBatchWaiting(outage, batch.Count, failures, backoff);
                try
                {
                    await Task.Delay(backoff, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: one more attempt, then the waiting rows fail.
                }

                Drain(reader, batch);
                continue;
            }

            if (outcome.Failure is null)
            {
                if (failures > 0)
                {
                    LogRecovered(failures);
                }

                failures = 0;
            }
            else
            {
                failures++;
                var backoff = Backoff(failures);
                LogBatchFailed(outcome.Failure, batch.Count, failures, backoff);
                if (!_stopping.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(backoff, _stopping.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopping: the remaining queue gets one more attempt each, then the loop ends.
                    }
                }
            }

            batch.Clear();
        }
    }
}
