using Microsoft.Extensions.Logging;

namespace Chimera.Grains.Influencers;

// The grain's log messages ([LoggerMessage], source-generated).
internal sealed partial class InfluencerGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Influencer {InfluencerId} is stale: last seen {LastSeen:O}, TTL {Ttl}")]
    private partial void LogStale(string influencerId, DateTimeOffset lastSeen, TimeSpan ttl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Influencer {InfluencerId} expired at {ExpiresAt:O} while the ingest path is failing: held as suspect until {Until:O} at the latest")]
    private partial void LogSuspect(string influencerId, DateTimeOffset expiresAt, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream for influencer {InfluencerId} delivered event {EventId} of influencer {Other}; ignored")]
    private partial void LogForeignEvent(string influencerId, string other, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound publish for influencer {InfluencerId} failed; retried, and its entry stays unacknowledged until it succeeds")]
    private partial void LogOutboundFailed(Exception? exception, string influencerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not persist the state of influencer {InfluencerId}; retried, and its changes stay unacknowledged until it succeeds")]
    private partial void LogStateWriteFailed(Exception? exception, string influencerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The state of influencer {InfluencerId} is persisted again")]
    private partial void LogStateWriteRecovered(string influencerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The state of influencer {InfluencerId} could not be loaded within {Timeout}; applying events to the views and reconciling once it loads")]
    private partial void LogStateUnavailable(Exception exception, string influencerId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Influencer {InfluencerId} was reactivated after a crash: what it applies stays provisional for {CatchUp} while owed entries are re-delivered")]
    private partial void LogCatchingUp(string influencerId, TimeSpan catchUp);

    [LoggerMessage(Level = LogLevel.Information, Message = "The state of influencer {InfluencerId} is settled; {Events} events applied meanwhile were replayed against it")]
    private partial void LogReconciled(string influencerId, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Influencer {InfluencerId} keeps {Max} events while its state is not loaded; event {EventId} stays unacknowledged and is delivered again later")]
    private partial void LogUnreconciledFull(string influencerId, int max, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit row {RowId} of influencer {InfluencerId} is not durable (attempt {Failures}); appending it again")]
    private partial void LogAuditRetry(Exception? exception, string influencerId, string rowId, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register or remove the staleness reminder of influencer {InfluencerId}; retried")]
    private partial void LogReminderFailed(Exception? exception, string influencerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask the routing pool whether influencer {InfluencerId} is held by self-preservation; it expires as usual")]
    private partial void LogJudgeFailed(Exception exception, string influencerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} of influencer {InfluencerId} was not durable within the outage window {Window}: dead-lettering it as delivery_failed")]
    private partial void LogGivingUp(string influencerId, string eventId, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not dead-letter event {EventId} of influencer {InfluencerId}; retried")]
    private partial void LogDeadLetterFailed(Exception? exception, string influencerId, string eventId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not wake influencer {InfluencerId} after an effect completed; its timer settles instead")]
    private partial void LogPokeFailed(Exception exception, string influencerId);
}
