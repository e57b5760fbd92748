using Chimera.Grains.Ingress;
using Chimera.Redis.Hosting;
using Chimera.Redis.Outbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>Builds the Redis status provider's parts: one queue per partition, the ack-aware cache, the dead-lettering failure handler.</summary>
internal sealed class StatusQueueAdapterFactory : IQueueAdapterFactory, IQueueAdapterCache
{
    private readonly string _name;
    private readonly ChimeraRedisOptions _options;
    private readonly IConnectionMultiplexer _redis;
    private readonly StatusEntryGate _gate;
    private readonly RedisDeadLetterSink _deadLetters;
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggers;
    private readonly PartitionQueueMapper _mapper;

    public StatusQueueAdapterFactory(string name, IOptions<ChimeraRedisOptions> options, IConnectionMultiplexer redis, StatusEntryGate gate, RedisDeadLetterSink deadLetters, TimeProvider clock, ILoggerFactory loggers)
    {
        _name = name;
        _options = options.Value;
        _redis = redis;
        _gate = gate;
        _deadLetters = deadLetters;
        _clock = clock;
        _loggers = loggers;
        _mapper = new PartitionQueueMapper(name, _options.Partitions);
    }

    public static IQueueAdapterFactory Create(IServiceProvider services, string name, TimeProvider clock) =>
        ActivatorUtilities.CreateInstance<StatusQueueAdapterFactory>(services, name, clock);

    public Task<IQueueAdapter> CreateAdapter() =>
        Task.FromResult<IQueueAdapter>(new StatusQueueAdapter(_name, _redis, _gate, _deadLetters, _options, _clock, _loggers));

    public IQueueAdapterCache GetQueueAdapterCache() => this;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new DeadLetterFailureHandler(
            PartitionAddress.For(PartitionQueueMapper.PartitionOf(queueId), _options.ConsumerGroup),
            _redis,
            _deadLetters,
            _clock,
            _loggers.CreateLogger<DeadLetterFailureHandler>()));

    public IQueueCache CreateQueueCache(QueueId queueId) => new DeliveryCache(_options.CacheSize, _options.ReadBatchSize);
}
