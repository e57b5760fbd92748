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
/// The Redis status topic as an Orleans queue adapter. It only reads: producers are adapters that sign
/// their entries, and a silo has no adapter key to sign with.
/// </summary>
internal sealed class StatusQueueAdapter : IQueueAdapter
{
    private readonly IConnectionMultiplexer _redis;
    private readonly IStatusEntryGate _gate;
    private readonly RedisDeadLetterSink _deadLetters;
    private readonly ChimeraRedisOptions _options;
    private readonly TimeProvider _clock;
    private readonly TimeProvider _streamingClock;
    private readonly ILoggerFactory _loggers;
    private readonly ChimeraMetrics? _metrics;
    private readonly SiloDeathWatch? _deaths;
    private readonly int _maxDeliveries;
    private readonly IngestHealthMonitor? _ingestHealth;

    public StatusQueueAdapter(
        string name,
        IConnectionMultiplexer redis,
        IStatusEntryGate gate,
        RedisDeadLetterSink deadLetters,
        ChimeraRedisOptions options,
        TimeProvider clock,
        TimeProvider streamingClock,
        ILoggerFactory loggers,
        SiloDeathWatch? deaths,
        int maxDeliveries,
        IngestHealthMonitor? ingestHealth,
        ChimeraMetrics? metrics = null)
    {
        _metrics = metrics;
        _deaths = deaths;
        _maxDeliveries = maxDeliveries;
        _ingestHealth = ingestHealth;
        Name = name;
        _redis = redis;
        _gate = gate;
        _deadLetters = deadLetters;
        _options = options;
        _clock = clock;
        _streamingClock = streamingClock;
        _loggers = loggers;
    }

    public string Name { get; }

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) =>
        new StatusQueueReceiver(
            PartitionAddress.For(PartitionQueueMapper.PartitionOf(queueId), _options.ConsumerGroup),
            _redis,
            _gate,
            _deadLetters,
            _options,
            _clock,
            _streamingClock,
            _loggers.CreateLogger<StatusQueueReceiver>(),
            _deaths,
            _maxDeliveries,
            _ingestHealth,
            _metrics);

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        throw new NotSupportedException(
            $"The '{Name}' stream provider does not accept Orleans producers: status events must be signed by an adapter. " +
            "Publish signed entries with RedisAdapterTransport (Chimera.Adapters) or IStatusIngestGrain, which XADD them to the Redis partition.");
}
