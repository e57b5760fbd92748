using System.Diagnostics;
using System.Threading.Channels;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Resilience;
using Npgsql;
using NpgsqlTypes;

namespace Chimera.Postgres.Audit;

// PostgresAuditLog: committing one batch (unnest or COPY), telling an outage from a data error, and
// failing only the row PostgreSQL refused (spec §9).
internal sealed partial class PostgresAuditLog
{
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
}
