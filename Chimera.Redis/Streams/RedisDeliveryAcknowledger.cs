using System.Collections.Concurrent;
using Chimera.Contracts.Spec;
using Chimera.Core.Delivery;
using Chimera.Redis.Hosting;
using Chimera.Redis.Outbound;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// The Redis side of "acknowledged only once durable" (spec §2.3): the consumer of an entry — an influencer grain, on
/// whatever silo it runs — tells this silo-local acknowledger when the entry's effects are durable, and it XACKs in
/// batches: every <see cref="ChimeraRedisOptions.AckFlushInterval"/> one XACK per partition with all its ids, never a
/// round trip per entry. A receipt is the partition's stream key and the entry id, both recomputed from the influencer
/// id and the event's sequence token (which encodes the entry id), so nothing has to travel with the container.
/// An XACK that fails is retried on the next flush; one lost with this silo only means a redelivery (the consumer
/// ignores it by event id and acknowledges again).
/// </summary>
internal sealed partial class RedisDeliveryAcknowledger : BackgroundService, IDeliveryAcknowledger
{
    /// <summary>Acknowledgements kept for retry while Redis is unreachable; past it the oldest are dropped (they are redelivered, then acknowledged again).</summary>
    internal const int MaxRetained = 1_000_000;

    private readonly ConcurrentQueue<DeliveryReceipt> _queue = new();
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisDeadLetterSink _deadLetters;
    private readonly ChimeraRedisOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RedisDeliveryAcknowledger> _logger;
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private int _count;

    public RedisDeliveryAcknowledger(IConnectionMultiplexer redis, RedisDeadLetterSink deadLetters, IOptions<ChimeraRedisOptions> options, TimeProvider clock, ILogger<RedisDeliveryAcknowledger> logger)
    {
        _redis = redis;
        _deadLetters = deadLetters;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Acknowledgements waiting for the next flush (tests).</summary>
    internal int Pending => Volatile.Read(ref _count);

    public DeliveryReceipt ReceiptFor(string influencerId, StreamSequenceToken? token) =>
        token is null
            ? DeliveryReceipt.None
            : new DeliveryReceipt(StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, StatusPartitioner.PartitionOf(influencerId, _options.Partitions)), StreamEntryIds.FromToken(token));

    public void Acknowledge(DeliveryReceipt receipt)
    {
        if (receipt.IsNone)
        {
            return;
        }

        _queue.Enqueue(receipt);
        if (Interlocked.Increment(ref _count) > MaxRetained && _queue.TryDequeue(out var dropped))
        {
            Interlocked.Decrement(ref _count);
            LogDropped(dropped.ToString());
        }
    }

    public async Task DeadLetterAsync(DeliveryReceipt receipt, string message, CancellationToken cancellationToken = default)
    {
        if (receipt.IsNone)
        {
            return;
        }

        await DeliveryDeadLetters.WriteAsync(_redis.GetDatabase(), _deadLetters, receipt.Queue!, _options.ConsumerGroup, receipt.EntryId!, message, _clock.GetUtcNow()).ConfigureAwait(false);
    }

    /// <summary>Sends everything queued: one XACK per partition, pipelined. The loop calls it; tests may too.</summary>
    public async Task FlushAsync()
    {
        await _flushing.WaitAsync().ConfigureAwait(false);
        try
        {
            var byKey = new Dictionary<string, List<RedisValue>>(StringComparer.Ordinal);
            var taken = new List<DeliveryReceipt>();
            while (_queue.TryDequeue(out var receipt))
            {
                Interlocked.Decrement(ref _count);
                taken.Add(receipt);
                if (!byKey.TryGetValue(receipt.Queue!, out var ids))
                {
                    byKey.Add(receipt.Queue!, ids = []);
                }

                ids.Add(receipt.EntryId);
            }

            if (byKey.Count == 0)
            {
                return;
            }

            try
            {
                var db = _redis.GetDatabase();
                await Task.WhenAll(byKey.Select(pair => db.StreamAcknowledgeAsync(pair.Key, _options.ConsumerGroup, [.. pair.Value]))).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                // Still pending in Redis, which is safe; try again with the next flush.
                LogAckFailed(taken.Count, ex);
                foreach (var receipt in taken)
                {
                    Acknowledge(receipt);
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Grains deactivate before hosted services stop: whatever they acknowledged on the way out goes now.
            await FlushAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            LogAckFailed(Pending, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.AckFlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Silo stopping; StopAsync flushes once more.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Acknowledging {Count} applied status entries in Redis failed; they stay pending and are retried")]
    private partial void LogAckFailed(int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Too many acknowledgements waiting for Redis; dropped {Receipt} (it is delivered again and acknowledged then)")]
    private partial void LogDropped(string receipt);
}
