using Chimera.Contracts.Grains;
using Microsoft.Extensions.Logging;

namespace Chimera.Postgres.Audit;

// PostgresAuditLog: [LoggerMessage] definitions.
internal sealed partial class PostgresAuditLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Audit batch of {Rows} rows failed (attempt {Failures} in a row); its callers were told to retry; next attempt in {Backoff}")]
    private partial void LogBatchFailed(Exception exception, int rows, int failures, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Error, Message = "PostgreSQL refused audit row {EventId} ({Kind}) of influencer {InfluencerId} as data; it alone failed, the rest of its batch was committed")]
    private partial void LogRowRefused(Exception exception, string eventId, string influencerId, AuditKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is unavailable: {Rows} audit rows wait (attempt {Failures} in a row) and are written again in {Backoff}; nothing of them is acknowledged meanwhile")]
    private partial void LogBatchWaiting(Exception exception, int rows, int failures, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit log writing again after {Failures} failed batches")]
    private partial void LogRecovered(int failures);
}
