using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

// StatusQueueReceiver: the bounded reclaim of entries a consumer never acknowledged (XCLAIM after
// AckTimeout, at once after a silo death; dead-lettered past the outage window's delivery count, spec §2.3).
internal sealed partial class StatusQueueReceiver
{
    /// <summary>
    /// Claims this consumer's entries that are delivered but unacknowledged and idle for at least <paramref name="idle"/>
    /// (XPENDING ... IDLE, then XCLAIM with the same minimum idle time, so an entry acknowledged in between is not taken),
    /// and admits them again. Bounded: at most one read batch per call, and an entry delivered more than the outage window
    /// allows is dead-lettered as <c>delivery_failed</c> instead (nothing is re-read forever).
    /// </summary>
    private async Task<IList<IBatchContainer>> ReclaimAsync(TimeSpan idle, bool afterDeath)
    {
        var idleMs = (long)idle.TotalMilliseconds;
        var pending = await Db.StreamPendingMessagesAsync(_address.Key, _address.Group, _options.ReadBatchSize, _address.Consumer, "-", "+", idleMs > 0 ? idleMs : null).ConfigureAwait(false);
        List<RedisValue>? claim = null;
        foreach (var info in pending)
        {
            var id = (string)info.MessageId!;
            if (_inCache.Contains(id))
            {
                continue;
            }

            if (info.DeliveryCount >= _maxDeliveries)
            {
                ReceiverLog.ReclaimGivenUp(_logger, _address.Key!, id, info.DeliveryCount);
                await DeliveryDeadLetters.WriteAsync(Db, _deadLetters, _address.Key, _address.Group, id,
                    $"delivered {info.DeliveryCount} times without its consumer acknowledging that its effects are durable", _clock.GetUtcNow()).ConfigureAwait(false);
                continue;
            }

            (claim ??= []).Add(info.MessageId);
        }

        if (claim is null)
        {
            return Nothing;
        }

        var claimed = await Db.StreamClaimAsync(_address.Key, _address.Group, _address.Consumer, idleMs, [.. claim]).ConfigureAwait(false);
        var present = claimed.Where(e => !e.IsNull && e.Values is { Length: > 0 }).ToArray();
        if (present.Length == 0)
        {
            return Nothing;
        }

        ReceiverLog.Reclaimed(_logger, _address.Key!, present.Length, afterDeath ? "a silo was declared dead" : $"unacknowledged for {_options.AckTimeout}");
        var admitted = await AdmitAsync(present, _clock.GetUtcNow(), redelivered: true).ConfigureAwait(false);
        Track(admitted);
        return admitted;
    }
}
