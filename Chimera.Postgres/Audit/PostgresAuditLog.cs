using System.Diagnostics;
using System.Threading.Channels;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Resilience;
using Chimera.Core.Audit;
using Chimera.Core.Telemetry;
using Chimera.Postgres.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

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

    public PostgresAuditLog(ChimeraPostgresDataSource dataSource, ChimeraPostgresOptions options, ILogger<PostgresAuditLog> logger, ChimeraInstruments? instruments = null)
    {
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

    /// <summary>
    /// Writes <paramref name="rows"/> in one transaction and completes each caller. A batch PostgreSQL refuses as
    /// <em>data</em> (one poison row fails the whole statement) is split in halves until the refused row stands alone:
    /// it fails with <see cref="AuditRecordRejectedException"/>, every other row commits. An outage (see
    /// <see cref="IsOutage"/>) while the silo runs leaves the rows still open pending and is returned as
    /// <see cref="CommitOutcome.Outage"/>; any other failure fails them as <see cref="AuditStoreUnavailableException"/>
    /// (retry) and is returned as <see cref="CommitOutcome.Failure"/>. Never throws: the writer loop must outlive
    /// every batch.
    /// </summary>
    private async Task<CommitOutcome> CommitAsync(List<PendingAppend> rows)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await WriteBatchAsync(rows);
            _instruments?.RecordAuditBatch(rows.Count, Stopwatch.GetElapsedTime(started), committed: true);
            Interlocked.Increment(ref _batchesCommitted);
            foreach (var pending in rows)
            {
                pending.Succeed();
            }

            return CommitOutcome.Committed;
        }
        catch (Exception ex) when (IsOutage(ex) && !_stopping.IsCancellationRequested)
        {
            _instruments?.RecordAuditBatch(rows.Count, Stopwatch.GetElapsedTime(started), committed: false);
            await DropConnectionAsync();
            return new CommitOutcome(null, ex);
        }
        catch (Exception ex) when (IsDataError(ex))
        {
            _instruments?.RecordAuditBatch(rows.Count, Stopwatch.GetElapsedTime(started), committed: false);
            // A failed COPY or statement may leave the session mid-protocol: start the halves on a fresh one.
            await DropConnectionAsync();
            if (rows.Count == 1)
            {
                var record = rows[0].Record;
                LogRowRefused(ex, record.EventId, record.InfluencerId, record.Kind);
                rows[0].Fail(new AuditRecordRejectedException(
                    $"PostgreSQL refused the audit row '{TextRulesQuote(record.EventId)}' of influencer '{TextRulesQuote(record.InfluencerId)}' as data ({Describe(ex)}); the rest of its batch was committed."));
                return CommitOutcome.Committed;
            }

            var middle = rows.Count / 2;
            var right = rows.GetRange(middle, rows.Count - middle);
            var left = await CommitAsync(rows.GetRange(0, middle));
            if (left.Outage is not null)
            {
                // The right half stays open with the rest of the batch; it is written again after the outage.
                return left;
            }

            if (left.Failure is { } failure)
            {
                FailAll(right, failure);
                return left;
            }

            return await CommitAsync(right);
        }
        catch (Exception ex)
        {
            _instruments?.RecordAuditBatch(rows.Count, Stopwatch.GetElapsedTime(started), committed: false);
            await DropConnectionAsync();
            FailAll(rows, ex);
            return new CommitOutcome(ex, null);
        }
    }

    /// <summary>How one commit attempt ended: all rows completed (both null), an outage that left open rows pending, or a failure that failed them.</summary>
    private readonly record struct CommitOutcome(Exception? Failure, Exception? Outage)
    {
        public static CommitOutcome Committed => default;
    }

    private static void FailAll(List<PendingAppend> rows, Exception cause)
    {
        var error = new AuditStoreUnavailableException(
            $"PostgreSQL did not record the audit batch ({rows.Count} rows): {cause.GetType().Name}: {TextRulesQuote(cause.Message, 300)}. Nothing of it is acknowledged; retry.");
        foreach (var pending in rows)
        {
            pending.Fail(error);
        }
    }

    /// <summary>
    /// A refusal of the rows themselves, which no retry can fix: SQLSTATE class 22 (data exception, e.g. 22021 NUL in
    /// text), 23 (integrity, other than the unique violation ON CONFLICT absorbs), 54 (program limit, e.g. an index
    /// row too large), or a value the client cannot encode (a lone surrogate).
    /// </summary>
    internal static bool IsDataError(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("22", StringComparison.Ordinal)
            || (pg.SqlState.StartsWith("23", StringComparison.Ordinal) && pg.SqlState != PostgresErrorCodes.UniqueViolation)
            || pg.SqlState.StartsWith("54", StringComparison.Ordinal),
        System.Text.EncoderFallbackException or InvalidCastException => true,
        NpgsqlException { InnerException: { } inner } => IsDataError(inner),
        _ => false,
    };

    private static string Describe(Exception ex) => ex is PostgresException pg ? $"SQLSTATE {pg.SqlState}: {pg.MessageText}" : ex.GetType().Name;

    private static string TextRulesQuote(string text, int max = Chimera.Contracts.Validation.TextRules.MaxQuotedLength) =>
        Chimera.Contracts.Validation.TextRules.Quote(text, max);

    /// <summary>
    /// The database is unreachable or refusing work for now (connection refused or cut, timeout, server shutting down or
    /// starting, out of connections): worth waiting for. Anything else (a data error) is the batch's own fault.
    /// </summary>
    internal static bool IsOutage(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.Length >= 2 && postgres.SqlState[..2] is "08" or "53" or "57" or "58",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException,
        IOException or TimeoutException or System.Net.Sockets.SocketException => true,
        _ => false,
    };

    private void Drain(ChannelReader<PendingAppend> reader, List<PendingAppend> batch)
    {
        while (batch.Count < _options.AuditBatchMaxRows && reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        // Jittered: every silo's writer fails at once when PostgreSQL goes away; they should not all return at once.
        return RetryJitter.Backoff(failures, _options.AuditRetryMinBackoff, _options.AuditRetryMaxBackoff);
    }

    private async Task WriteBatchAsync(List<PendingAppend> batch)
    {
        var connection = await GetConnectionAsync();
        if (Mode == AuditWriteMode.UnnestInsert || (Mode == AuditWriteMode.Adaptive && batch.Count < CopyThreshold))
        {
            await InsertUnnestAsync(connection, batch);
            return;
        }

        await using (var importer = await connection.BeginBinaryImportAsync(AuditSql.CopyStage))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                await AuditRows.WriteAsync(importer, i, batch[i].Record, CancellationToken.None);
            }

            await importer.CompleteAsync();
        }

        await using var move = new NpgsqlCommand(AuditSql.MoveStage, connection);
        await move.ExecuteNonQueryAsync();
    }

    private static async Task InsertUnnestAsync(NpgsqlConnection connection, List<PendingAppend> batch)
    {
        var records = batch.Select(p => p.Record).ToArray();
        await using var command = new NpgsqlCommand(AuditSql.InsertUnnest, connection);
        Add(command, "e", NpgsqlDbType.Text, records.Select(r => r.EventId).ToArray());
        Add(command, "k", NpgsqlDbType.Smallint, records.Select(r => (short)r.Kind).ToArray());
        Add(command, "i", NpgsqlDbType.Text, records.Select(r => r.InfluencerId).ToArray());
        Add(command, "ps", NpgsqlDbType.Smallint, records.Select(r => r.PreviousStatus is { } p ? (short?)p : null).ToArray());
        Add(command, "ns", NpgsqlDbType.Smallint, records.Select(r => (short)r.NewStatus).ToArray());
        Add(command, "l", NpgsqlDbType.Double, records.Select(r => r.Load).ToArray());
        Add(command, "c", NpgsqlDbType.Double, records.Select(r => r.Confidence).ToArray());
        Add(command, "r", NpgsqlDbType.Double, records.Select(r => r.RelevanceScore).ToArray());
        Add(command, "caps", NpgsqlDbType.Text, records.Select(r => string.Join(',', AuditRows.Capabilities(r))).ToArray());
        Add(command, "t", NpgsqlDbType.Text, records.Select(r => r.CurrentTask).ToArray());
        Add(command, "et", NpgsqlDbType.TimestampTz, records.Select(r => r.EventTime.ToUniversalTime()).ToArray());
        Add(command, "ra", NpgsqlDbType.TimestampTz, records.Select(r => r.RecordedAt.ToUniversalTime()).ToArray());
        Add(command, "s", NpgsqlDbType.Text, records.Select(r => r.Source).ToArray());
        Add(command, "a", NpgsqlDbType.Text, records.Select(r => r.AdapterId).ToArray());
        Add(command, "tr", NpgsqlDbType.Text, records.Select(r => r.TraceId).ToArray());
        Add(command, "d", NpgsqlDbType.Text, records.Select(r => r.Detail).ToArray());
        await command.ExecuteNonQueryAsync();
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, T[] values) =>
        command.Parameters.Add(new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | type) { TypedValue = values });

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit batch of {Rows} rows failed (attempt {Failures} in a row); its callers were told to retry; next attempt in {Backoff}")]
    private partial void LogBatchFailed(Exception exception, int rows, int failures, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "PostgreSQL refused audit row {EventId} ({Kind}) of influencer {InfluencerId} as data; it alone failed, the rest of its batch was committed")]
    private partial void LogRowRefused(Exception exception, string eventId, string influencerId, AuditKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is unavailable: {Rows} audit rows wait (attempt {Failures} in a row) and are written again in {Backoff}; nothing of them is acknowledged meanwhile")]
    private partial void LogBatchWaiting(Exception exception, int rows, int failures, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit log writing again after {Failures} failed batches")]
    private partial void LogRecovered(int failures);
}
