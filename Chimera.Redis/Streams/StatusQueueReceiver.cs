using Chimera.Contracts.Resilience;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Grains.Ingress;
using Chimera.Grains.Telemetry;
using Chimera.Redis.Hosting;
using Chimera.Redis.Outbound;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// Reads one status partition with XREADGROUP and turns entries into Orleans stream items. Every entry
/// passes <see cref="StatusEntryGate"/>; rejected ones are dead-lettered and acked at once, admitted ones
/// are acked only when the cache releases them (<see cref="MessagesDeliveredAsync"/>). Nothing thrown here
/// reaches the pulling agent: a failing Redis call backs off and the same entries are read again.
/// </summary>
internal sealed class StatusQueueReceiver : IQueueAdapterReceiver
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
    private readonly List<RedisValue> _unacked = [];
    private readonly ReceiverHealth? _health;
    private readonly ChimeraMetrics? _metrics;

    private bool _groupReady;
    private string? _pendingFrom = "0-0";
    private string _lastHanded = "0-0";
    private TimeSpan _backoff;
    private DateTimeOffset _retryAt;
    private DateTimeOffset _nextTrim;
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
        ReceiverHealth? health = null,
        ChimeraMetrics? metrics = null)
    {
        _health = health;
        _metrics = metrics;
        _address = address;
        _redis = redis;
        _gate = gate;
        _deadLetters = deadLetters;
        _options = options;
        _clock = clock;
        _streamingClock = streamingClock;
        _logger = logger;
        _nextTrim = streamingClock.GetUtcNow() + options.TrimInterval;
    }

    /// <summary>True while the receiver re-reads its own pending list (after start, an outage or an ownership move).</summary>
    internal bool IsReadingPending => _pendingFrom is not null;

    private IDatabase Db => _redis.GetDatabase();

    public async Task Initialize(TimeSpan timeout)
    {
        _health?.Started(_address.Partition, _streamingClock.GetUtcNow());
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

            if (_unacked.Count > 0)
            {
                operation = "XACK";
                await AckAsync([.. _unacked]).ConfigureAwait(false);
                _unacked.Clear();
            }

            if (tick >= _nextTrim)
            {
                _nextTrim = tick + _options.TrimInterval;
                await TrimAsync(tick).ConfigureAwait(false);
            }

            operation = "XREADGROUP";
            var count = Math.Max(1, Math.Min(maxCount, _options.ReadBatchSize));
            var wasPending = _pendingFrom is not null;
            var entries = await Db.StreamReadGroupAsync(_address.Key, _address.Group, _address.Consumer, _pendingFrom ?? StackExchange.Redis.StreamPosition.NewMessages, count).ConfigureAwait(false);
            Recovered();
            _health?.Read(_address.Partition, tick);
            if (entries.Length == 0 && _pendingFrom is not null)
            {
                // Our pending list is drained: from now on only new entries.
                _pendingFrom = null;
                entries = await Db.StreamReadGroupAsync(_address.Key, _address.Group, _address.Consumer, StackExchange.Redis.StreamPosition.NewMessages, count).ConfigureAwait(false);
            }

            if (entries.Length == 0)
            {
                return Nothing;
            }

            if (wasPending && _lastHanded == "0-0")
            {
                ReceiverLog.ResumingPending(_logger, _address.Key!, entries.Length);
            }

            operation = "dead-letter XADD or XACK";
            var result = await AdmitAsync(entries, _clock.GetUtcNow()).ConfigureAwait(false);
            var last = (string)entries[^1].Id!;
            _lastHanded = last;
            if (_pendingFrom is not null)
            {
                _pendingFrom = last;
            }

            return result;
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

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var ids = new RedisValue[messages.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = messages[i] is StatusBatchContainer container
                ? container.EntryId
                : (RedisValue)StreamEntryIds.FromToken(messages[i].SequenceToken);
        }

        try
        {
            await AckAsync(ids).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Still pending in Redis; retried before the next read, and redelivered to a new owner if we die.
            ReceiverLog.AckFailed(_logger, _address.Key!, ids.Length, ex);
            _unacked.AddRange(ids);
        }
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        _health?.Stopped(_address.Partition);
        if (_unacked.Count == 0)
        {
            return;
        }

        try
        {
            await AckAsync([.. _unacked]).WaitAsync(timeout).ConfigureAwait(false);
            _unacked.Clear();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            ReceiverLog.AckFailed(_logger, _address.Key!, _unacked.Count, ex);
        }
    }

    /// <summary>
    /// Admits one batch, each entry isolated from the others (spec §8.5): whatever goes wrong with one entry —
    /// transport damage, a gate rejection, or an exception while decoding, admitting or mapping it — dead-letters
    /// that entry (the last as <see cref="RejectCodes.InternalError"/> with the exception type) and the rest go on.
    /// Rejected entries are acked once their letters are stored; only Redis being unreachable makes the batch be
    /// read again.
    /// </summary>
    private async Task<IList<IBatchContainer>> AdmitAsync(StreamEntry[] entries, DateTimeOffset now)
    {
        using var span = ChimeraTelemetry.StartBatch(_address.Key!, entries.Length);
        var accepted = new List<IBatchContainer>(entries.Length);
        List<StreamEntry>? rejected = null;
        List<IReadOnlyList<Violation>>? reasons = null;
        foreach (var entry in entries)
        {
            IReadOnlyList<Violation> violations;
            try
            {
                if (Admit(entry, out violations) is { } container)
                {
                    accepted.Add(container);
                    if (span is { IsAllDataRequested: true })
                    {
                        span.AddEvent(new System.Diagnostics.ActivityEvent("admitted", tags: new System.Diagnostics.ActivityTagsCollection
                        {
                            ["chimera.event.id"] = container.Event.EventId,
                            [ChimeraTelemetry.EventTraceIdTag] = container.Event.TraceId,
                        }));
                    }

                    continue;
                }
            }
            catch (Exception ex)
            {
                ReceiverLog.EntryFault(_logger, _address.Key!, (string?)entry.Id ?? "(no id)", ex);
                _metrics?.CountRejected(RejectCodes.InternalError);
                violations = [IngressFaults.InternalError(ex, "admit")];
            }

            (rejected ??= []).Add(entry);
            (reasons ??= []).Add(violations);
        }

        if (rejected is not null)
        {
            var letters = new Task[rejected.Count];
            var ids = new RedisValue[rejected.Count];
            for (var i = 0; i < letters.Length; i++)
            {
                letters[i] = WriteLetterAsync(rejected[i], reasons![i], now);
                ids[i] = rejected[i].Id;
            }

            await Task.WhenAll(letters).ConfigureAwait(false);
            await AckAsync(ids).ConfigureAwait(false);
        }

        span?.SetTag("chimera.ingest.accepted", accepted.Count);
        return accepted;
    }

    /// <summary>The entry's batch container when admitted; else null and why. May throw: the caller isolates it.</summary>
    private StatusBatchContainer? Admit(StreamEntry entry, out IReadOnlyList<Violation> violations)
    {
        var signed = SignedEntryCodec.FromFields(entry.Values ?? [], out var damaged);
        if (signed is null)
        {
            // Refused as transport before the gate saw it: counted here, as the gate counts its own (spec §10).
            _metrics?.CountRejected(damaged!.Code);
            violations = [damaged!];
            return null;
        }

        var admitted = _gate.Admit(signed);
        if (!admitted.IsAccepted)
        {
            violations = admitted.Violations;
            return null;
        }

        var token = StreamEntryIds.TryToToken(entry.Id)
            ?? throw new FormatException("Redis returned an entry whose id is not a stream id");
        violations = [];
        return new StatusBatchContainer(StreamId.Create(PerceptionNames.StatusTopic, admitted.Event.InfluencerId), admitted.Event, token, entry.Id);
    }

    /// <summary>
    /// Writes one entry's dead letter. If the full letter fails for any reason but Redis being unreachable (a letter
    /// Redis refuses, a bug in formatting it), the letter without the original fields is written instead: a rejected
    /// entry is then still on record, and it cannot hold up its partition.
    /// </summary>
    private async Task WriteLetterAsync(StreamEntry entry, IReadOnlyList<Violation> violations, DateTimeOffset now)
    {
        var origin = _address.Origin(entry.Id);
        try
        {
            await _deadLetters.WriteRawAsync(entry.Values ?? [], violations, origin, now).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsUnreachable(ex))
        {
            ReceiverLog.DeadLetterFault(_logger, _address.Key!, (string?)entry.Id ?? "(no id)", ex);
            await _deadLetters.WriteWithoutOriginalAsync(violations, origin, now, ex).ConfigureAwait(false);
        }
    }

    private static bool IsUnreachable(Exception ex) =>
        ex is RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException or OperationCanceledException;

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
