using Microsoft.Extensions.Logging;

namespace Chimera.Redis.Streams;

/// <summary>Source-generated logs of the Redis bridge (hot paths stay allocation-free when disabled).</summary>
internal static partial class ReceiverLog
{
    [LoggerMessage(1, LogLevel.Warning, "Redis partition {StreamKey}: {Operation} failed; retrying in {Backoff} and resuming from the last handed-on entry {LastId}.")]
    public static partial void RedisUnavailable(ILogger logger, string streamKey, string operation, TimeSpan backoff, string lastId, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Redis partition {StreamKey}: reading again after an outage.")]
    public static partial void Recovered(ILogger logger, string streamKey);

    [LoggerMessage(3, LogLevel.Warning, "Redis partition {StreamKey}: consumer group {Group} was missing (Redis restarted without its data?); recreated from id 0, so entries still in the stream are delivered again (duplicates are ignored by event id).")]
    public static partial void GroupRecreated(ILogger logger, string streamKey, string group);

    [LoggerMessage(5, LogLevel.Debug, "Redis partition {StreamKey}: trimmed {Count} entries.")]
    public static partial void Trimmed(ILogger logger, string streamKey, long count);

    [LoggerMessage(6, LogLevel.Warning, "Redis partition {StreamKey}: trimming failed.")]
    public static partial void TrimFailed(ILogger logger, string streamKey, Exception exception);

    [LoggerMessage(7, LogLevel.Error, "Redis partition {StreamKey}: unexpected error while reading; the batch is read again after {Backoff}.")]
    public static partial void ReceiverFault(ILogger logger, string streamKey, TimeSpan backoff, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "Stream {StreamId}: delivery of entry {EntryId} ({StreamKey}) given up after the delivery deadline; dead-lettered as delivery_failed.")]
    public static partial void DeliveryGivenUp(ILogger logger, string streamId, string entryId, string streamKey);

    [LoggerMessage(9, LogLevel.Error, "Stream {StreamId}: dead-lettering the undeliverable entry {EntryId} ({StreamKey}) failed; it stays pending and is delivered again when the queue is next initialised.")]
    public static partial void DeliveryDeadLetterFailed(ILogger logger, string streamId, string entryId, string streamKey, Exception exception);

    [LoggerMessage(10, LogLevel.Warning, "Stream {StreamId}: subscription failure reported by the pulling agent at {Token}.")]
    public static partial void SubscriptionFailed(ILogger logger, string streamId, string token);

    [LoggerMessage(11, LogLevel.Information, "Redis partition {StreamKey}: re-reading {Count} entries left pending by the previous owner of the queue.")]
    public static partial void ResumingPending(ILogger logger, string streamKey, int count);

    [LoggerMessage(12, LogLevel.Information, "Chimera Redis bridge connecting to {Redis} ({Partitions} partitions, group {Group}).")]
    public static partial void Connecting(ILogger logger, string redis, int partitions, string group);

    [LoggerMessage(14, LogLevel.Error, "Redis partition {StreamKey}: handling entry {EntryId} failed; dead-lettered as internal_error, the batch goes on.")]
    public static partial void EntryFault(ILogger logger, string streamKey, string entryId, Exception exception);

    [LoggerMessage(15, LogLevel.Error, "Redis partition {StreamKey}: the dead letter of entry {EntryId} could not be written with its original fields; wrote it without them.")]
    public static partial void DeadLetterFault(ILogger logger, string streamKey, string entryId, Exception exception);

    [LoggerMessage(16, LogLevel.Information, "Redis partition {StreamKey}: re-delivering {Count} entries whose consumers never acknowledged them ({Why}).")]
    public static partial void Reclaimed(ILogger logger, string streamKey, int count, string why);

    [LoggerMessage(17, LogLevel.Error, "Redis partition {StreamKey}: entry {EntryId} was delivered {Deliveries} times and never acknowledged; dead-lettering it as delivery_failed.")]
    public static partial void ReclaimGivenUp(ILogger logger, string streamKey, string entryId, long deliveries);

    [LoggerMessage(13, LogLevel.Information, "Stream {StreamId}: delivery of entry {EntryId} ({StreamKey}) failed while this silo is stopping; left pending for the queue's next owner instead of dead-lettering it.")]
    public static partial void DeliveryFailedWhileStopping(ILogger logger, string streamId, string entryId, string streamKey);
}
