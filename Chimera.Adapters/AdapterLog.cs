using Microsoft.Extensions.Logging;

namespace Chimera.Adapters;

internal static partial class AdapterLog
{
    [LoggerMessage(1, LogLevel.Warning, "Adapter for {InfluencerId}: publish failed ({Buffered} buffered); retrying in {Delay}")]
    public static partial void PublishFailed(ILogger logger, string influencerId, int buffered, TimeSpan delay, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "Adapter for {InfluencerId}: buffer full ({Capacity}); dropped status change {EventId} ({Status}); {Dropped} changes dropped so far")]
    public static partial void ChangeDropped(ILogger logger, string influencerId, int capacity, string eventId, string status, long dropped);

    [LoggerMessage(3, LogLevel.Warning, "Adapter for {InfluencerId}: buffer full ({Capacity}); dropped heartbeat {EventId}")]
    public static partial void HeartbeatDropped(ILogger logger, string influencerId, int capacity, string eventId);

    [LoggerMessage(4, LogLevel.Error, "Adapter for {InfluencerId}: the silo rejected event {EventId}: {Violations}")]
    public static partial void Rejected(ILogger logger, string influencerId, string eventId, string violations);

    [LoggerMessage(5, LogLevel.Error, "Adapter for {InfluencerId}: stopped with {Changes} status changes and {Heartbeats} heartbeats undelivered")]
    public static partial void StoppedWithUndelivered(ILogger logger, string influencerId, int changes, int heartbeats);

    [LoggerMessage(6, LogLevel.Information, "Adapter for {InfluencerId}: transport recovered; {Count} buffered events delivered")]
    public static partial void Recovered(ILogger logger, string influencerId, int count);

    [LoggerMessage(7, LogLevel.Error, "Adapter for {InfluencerId}: background publish failed unexpectedly")]
    public static partial void BackgroundFailed(ILogger logger, string influencerId, Exception exception);
}
