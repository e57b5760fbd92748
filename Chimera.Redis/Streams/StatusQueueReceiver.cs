using Chimera.Core.Ingest;
using Chimera.Core.Ingress;
using Chimera.Core.Telemetry;
using Chimera.Redis.Hosting;
using Chimera.Redis.Outbound;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// Reads one status partition with XREADGROUP and turns entries into Orleans stream items. Every entry
/// passes <see cref="StatusEntryGate"/>; rejected ones are dead-lettered and acked at once. Admitted ones are acked
/// by their consumer once their effects are durable (<see cref="RedisDeliveryAcknowledger"/>, spec §2.3), never here
/// when the cache releases them: delivery is not durability. What a consumer never acknowledges (its silo died, its
/// ack was lost) is re-delivered by a bounded reclaim: entries of this consumer pending longer than
/// <see cref="ChimeraRedisOptions.AckTimeout"/> that the cache does not hold are claimed again (XCLAIM) and handed on,
/// at once for all of them when a silo was declared dead, and dead-lettered once delivered more often than the outage
/// window allows. Each entry is isolated from the others (spec §8.5). Nothing thrown here reaches the pulling agent: a
/// failing Redis call backs off and the same entries are read again.
/// </summary>
internal sealed partial class StatusQueueReceiver : IQueueAdapterReceiver
{
    private static readonly IList<IBatchContainer> Nothing = Array.Empty<IBatchContainer>();

    private readonly PartitionAddress _address;
    private readonly IConnectionMultiplexer _redis;
    private readonly IStatusEntryGate _gate;
    private readonly RedisDeadLetterSink _deadLetters;
    private readonly ChimeraRedisOptions _options;
    private readonly TimeProvider _clock;
    private readonly TimeProvider _streamingClock;
    private readonly ILogger _logger;
    private readonly SiloDeathWatch? _deaths;
    private readonly int _maxDeliveries;
    private readonly IngestHealthMonitor? _ingestHealth;
    private readonly ChimeraMetrics? _metrics;

    // Entries handed to the pulling agent whose container the cache has not released yet: never reclaimed.
    private readonly HashSet<string> _inCache = new(StringComparer.Ordinal);

    private bool _groupReady;
    private string? _pendingFrom = "0-0";
    private string _lastHanded = "0-0";
    private TimeSpan _backoff;
    private DateTimeOffset _retryAt;
    private DateTimeOffset _nextTrim;
    private DateTimeOffset _nextReclaim;
    private long _deathEpoch;
    private bool _outage;

    public StatusQueueReceiver(
        PartitionAddress address,
        IConnectionMultiplexer redis,
        IStatusEntryGate gate,
        RedisDeadLetterSink deadLetters,
        ChimeraRedisOptions options,
        TimeProvider clock,
        TimeProvider streamingClock,
        ILogger logger,
        SiloDeathWatch? deaths = null,
        int maxDeliveries = int.MaxValue,
        IngestHealthMonitor? ingestHealth = null,
        ChimeraMetrics? metrics = null)
    {
        _ingestHealth = ingestHealth;
        _metrics = metrics;
        _address = address;
        _redis = redis;
        _gate = gate;
        _deadLetters = deadLetters;
        _options = options;
        _clock = clock;
        _streamingClock = streamingClock;
        _logger = logger;
        _deaths = deaths;
        _deathEpoch = deaths?.Epoch ?? 0;
        _maxDeliveries = maxDeliveries;
        _nextTrim = streamingClock.GetUtcNow() + options.TrimInterval;
        _nextReclaim = streamingClock.GetUtcNow() + ReclaimInterval;
    }

    /// <summary>How often the receiver looks for entries left unacknowledged past the ack timeout.</summary>
    private TimeSpan ReclaimInterval => _options.AckTimeout / 2;

    /// <summary>Entries handed on and not yet released by the cache (tests).</summary>
    internal int InCache => _inCache.Count;

    /// <summary>True while the receiver re-reads its own pending list (after start, an outage or an ownership move).</summary>
    internal bool IsReadingPending => _pendingFrom is not null;

    private IDatabase Db => _redis.GetDatabase();

    public async Task Initialize(TimeSpan timeout)
    {
        _ingestHealth?.Started(_address.Partition, _options.Partitions);
        // Never fail start-up because Redis is down: the first read retries group creation.
        try
        {
            await EnsureGroupAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            EnterOutage("XGROUP CREATE", ex);
        }
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        // Backoff and trimming are the pulling loop's business and run on its clock; only what is stamped on
        // a dead letter is domain time. (A faked domain clock must not freeze the retry after an outage.)
        var tick = _streamingClock.GetUtcNow();

        // Polled at all is news for the self-preservation guard: a receiver nobody polls sits behind a stuck pipeline.
        _ingestHealth?.Polled(_address.Partition, _options.Partitions);
        if (tick < _retryAt)
        {
            return Nothing;
        }

        var operation = "XREADGROUP";
        try
        {
            if (!_groupReady)
            {
                operation = "XGROUP CREATE";
                await EnsureGroupAsync().ConfigureAwait(false);
            }

            if (tick >= _nextTrim)
            {
                _nextTrim = tick + _options.TrimInterval;
                await TrimAsync(tick).ConfigureAwait(false);
            }

            // Re-deliver what consumers never acknowledged — only once our own pending re-read is done (it re-delivers
            // those anyway), at once after a silo death, else for entries idle past the ack timeout.
            IList<IBatchContainer> reclaimed = Nothing;
            var epoch = _deaths?.Epoch ?? 0;
            if (_pendingFrom is null && (tick >= _nextReclaim || epoch != _deathEpoch))
            {
                operation = "XPENDING/XCLAIM";
                var afterDeath = epoch != _deathEpoch;
                reclaimed = await ReclaimAsync(afterDeath ? TimeSpan.Zero : _options.AckTimeout, afterDeath).ConfigureAwait(false);
                _deathEpoch = epoch;
                _nextReclaim = tick + ReclaimInterval;
            }

            operation = "XREADGROUP";
            var count = Math.Max(1, Math.Min(maxCount, _options.ReadBatchSize));
            var wasPending = _pendingFrom is not null;
            var fromPending = wasPending;
            var entries = await Db.StreamReadGroupAsync(_address.Key, _address.Group, _address.Consumer, _pendingFrom ?? StackExchange.Redis.StreamPosition.NewMessages, count).ConfigureAwait(false);
            Recovered();
            if (entries.Length == 0 && _pendingFrom is not null)
            {
                // Our pending list is drained: from now on only new entries. Whatever a dead silo owed was in it, so a
                // death noticed before now needs no second re-delivery.
                _pendingFrom = null;
                fromPending = false;
                _deathEpoch = _deaths?.Epoch ?? 0;
                entries = await Db.StreamReadGroupAsync(_address.Key, _address.Group, _address.Consumer, StackExchange.Redis.StreamPosition.NewMessages, count).ConfigureAwait(false);
            }

            // How far behind the stream this read is: a full batch of old entries means a backlog (spec §3.6).
            _ingestHealth?.ReadSucceeded(_address.Partition, entries.Length >= count && EntryTime((string?)entries[^1].Id) is { } newest
                ? DateTimeOffset.UtcNow - newest
                : TimeSpan.Zero);
            if (entries.Length == 0)
            {
                return reclaimed;
            }

            if (wasPending && _lastHanded == "0-0")
            {
                ReceiverLog.ResumingPending(_logger, _address.Key!, entries.Length);
            }

            operation = "dead-letter XADD";
            var result = await AdmitAsync(entries, _clock.GetUtcNow(), redelivered: fromPending).ConfigureAwait(false);
            var last = (string)entries[^1].Id!;
            _lastHanded = last;
            if (_pendingFrom is not null)
            {
                _pendingFrom = last;
            }

            Track(result);
            if (reclaimed.Count == 0)
            {
                return result;
            }

            var both = new List<IBatchContainer>(reclaimed.Count + result.Count);
            both.AddRange(reclaimed);
            both.AddRange(result);
            return both;
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // Redis lost the group (restart without persistence, or FLUSHALL): recreate it from id 0.
            ReceiverLog.GroupRecreated(_logger, _address.Key!, _address.Group!);
            _groupReady = false;
            _pendingFrom = null;
            _lastHanded = "0-0";
            return Nothing;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            EnterOutage(operation, ex);
            return Nothing;
        }
        catch (Exception ex)
        {
            // Reached only by a bug outside the per-entry handling of AdmitAsync (which isolates each entry): it must
            // not kill the pulling agent. Re-read from the last entry handed on, after a growing pause.
            _pendingFrom = _lastHanded;
            var backoff = NextBackoff();
            ReceiverLog.ReceiverFault(_logger, _address.Key!, backoff, ex);
            return Nothing;
        }
    }

    /// <summary>
    /// The cache released these containers: every cursor is past them (delivered, or given up on and handed to the
    /// failure handler). That is not an acknowledgement — their consumer acknowledges once their effects are durable —
    /// it only makes them eligible for the reclaim should that acknowledgement never come.
    /// </summary>
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        foreach (var message in messages)
        {
            _inCache.Remove(EntryIdOf(message));
        }

        return Task.CompletedTask;
    }

    public Task Shutdown(TimeSpan timeout)
    {
        // The queue leaves this silo: whoever reads it next reports it.
        _ingestHealth?.Released(_address.Partition);
        return Task.CompletedTask;
    }

    private static string EntryIdOf(IBatchContainer message) =>
        message is StatusBatchContainer container ? (string)container.EntryId! : StreamEntryIds.FromToken(message.SequenceToken);

    private void Track(IList<IBatchContainer> handed)
    {
        foreach (var message in handed)
        {
            _inCache.Add(EntryIdOf(message));
        }
    }
}
