using Chimera.Contracts.Resilience;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

// StatusQueueReceiver: the Redis calls around reading (group creation, XACK, trimming) and the outage
// backoff that keeps a failing Redis from reaching the pulling agent.
internal sealed partial class StatusQueueReceiver
{
    private static bool IsUnreachable(Exception ex) =>
        ex is RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException or OperationCanceledException;

    /// <summary>When Redis added the entry (the millisecond part of its id), if that is a valid time.</summary>
    private static DateTimeOffset? EntryTime(string? id) =>
        id is not null && StreamEntryIds.TryParse(id, out var ms, out _) && ms <= (ulong)DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms)
            : null;

    private Task<long> AckAsync(RedisValue[] ids) => Db.StreamAcknowledgeAsync(_address.Key, _address.Group, ids);

    private async Task EnsureGroupAsync()
    {
        try
        {
            // From id 0: entries adapters wrote before any silo ran are read too.
            await Db.StreamCreateConsumerGroupAsync(_address.Key, _address.Group, "0-0", createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another silo (or an earlier life of this queue) created it.
        }

        _groupReady = true;
    }

    private async Task TrimAsync(DateTimeOffset now)
    {
        try
        {
            var trimmed = await PartitionTrimmer.TrimAsync(Db, _address.Key, now - _options.RetentionWindow).ConfigureAwait(false);
            if (trimmed > 0)
            {
                ReceiverLog.Trimmed(_logger, _address.Key!, trimmed);
            }
        }
        catch (RedisException ex)
        {
            ReceiverLog.TrimFailed(_logger, _address.Key!, ex);
        }
    }

    private void EnterOutage(string operation, Exception ex)
    {
        _ingestHealth?.ReadFailed(_address.Partition);
        // Entries the failed call may have moved into our pending list are re-read from the last one handed on.
        _pendingFrom = _lastHanded;
        _outage = true;
        var backoff = NextBackoff();
        ReceiverLog.RedisUnavailable(_logger, _address.Key!, operation, backoff, _lastHanded, ex);
    }

    private TimeSpan NextBackoff()
    {
        _backoff = _backoff == TimeSpan.Zero ? _options.InitialBackoff : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        // Jittered: every receiver of every silo enters the outage together; they should not retry in lock-step.
        _retryAt = _streamingClock.GetUtcNow() + RetryJitter.Apply(_backoff);
        return _backoff;
    }

    private void Recovered()
    {
        _backoff = TimeSpan.Zero;
        if (_outage)
        {
            _outage = false;
            ReceiverLog.Recovered(_logger, _address.Key!);
        }
    }
}
