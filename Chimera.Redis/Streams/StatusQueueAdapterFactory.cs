using Chimera.Core.Hosting;
using Chimera.Core.Ingest;
using Chimera.Core.Ingress;
using Chimera.Core.Telemetry;
using Chimera.Redis.Hosting;
using Chimera.Redis.Outbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    private readonly IStatusEntryGate _gate;
    private readonly RedisDeadLetterSink _deadLetters;
    private readonly TimeProvider _clock;
    private readonly TimeProvider _streamingClock;
    private readonly ILoggerFactory _loggers;
    private readonly CancellationToken _stopping;
    private readonly PartitionQueueMapper _mapper;
    private readonly ChimeraMetrics? _metrics;
    private readonly SiloDeathWatch? _deaths;
    private readonly int _maxDeliveries;
    private readonly IngestHealthMonitor? _ingestHealth;

    public StatusQueueAdapterFactory(
        string name,
        IOptions<ChimeraRedisOptions> options,
        IConnectionMultiplexer redis,
        IStatusEntryGate gate,
        RedisDeadLetterSink deadLetters,
        TimeProvider clock,
        TimeProvider streamingClock,
        ILoggerFactory loggers,
        CancellationToken stopping,
        SiloDeathWatch? deaths = null,
        TimeSpan? outageWindow = null,
        IngestHealthMonitor? ingestHealth = null,
        ChimeraMetrics? metrics = null)
    {
        _metrics = metrics;
        _deaths = deaths;
        _ingestHealth = ingestHealth;

        // An entry still waiting for durability is re-delivered once per ack timeout; past the outage window (and a
        // margin for silo deaths) its consumer has dead-lettered it, so more deliveries than that mean nobody will.
        _maxDeliveries = (int)Math.Min(int.MaxValue, Math.Ceiling((outageWindow ?? TimeSpan.FromMinutes(15)) / options.Value.AckTimeout) + 5);
        _name = name;
        _options = options.Value;
        _redis = redis;
        _gate = gate;
        _deadLetters = deadLetters;
        _clock = clock;
        _streamingClock = streamingClock;
        _loggers = loggers;
        _stopping = stopping;
        _mapper = new PartitionQueueMapper(name, _options.Partitions);
    }

    /// <summary>
    /// The factory for provider <paramref name="name"/> with services from <paramref name="services"/>; the
    /// <paramref name="clock"/> is Chimera's domain clock (dead-letter stamps), the <paramref name="streamingClock"/>
    /// the pulling agents' clock, which the receivers' backoff and trim schedule run on.
    /// </summary>
    public static IQueueAdapterFactory Create(IServiceProvider services, string name, TimeProvider clock, TimeProvider streamingClock) =>
        new StatusQueueAdapterFactory(
            name,
            services.GetRequiredService<IOptions<ChimeraRedisOptions>>(),
            services.GetRequiredService<IConnectionMultiplexer>(),
            services.GetRequiredService<IStatusEntryGate>(),
            services.GetRequiredService<RedisDeadLetterSink>(),
            clock,
            streamingClock,
            services.GetRequiredService<ILoggerFactory>(),
            services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None,
            services.GetService<SiloDeathWatch>(),
            services.GetService<IOptions<DurabilityOptions>>()?.Value.OutageWindow,
            services.GetService<IngestHealthMonitor>(),
            services.GetService<ChimeraMetrics>());

    public Task<IQueueAdapter> CreateAdapter() =>
        Task.FromResult<IQueueAdapter>(new StatusQueueAdapter(_name, _redis, _gate, _deadLetters, _options, _clock, _streamingClock, _loggers, _deaths, _maxDeliveries, _ingestHealth, _metrics));

    public IQueueAdapterCache GetQueueAdapterCache() => this;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new DeadLetterFailureHandler(
            PartitionAddress.For(PartitionQueueMapper.PartitionOf(queueId), _options.ConsumerGroup),
            _redis,
            _deadLetters,
            _clock,
            _stopping,
            _loggers.CreateLogger<DeadLetterFailureHandler>()));

    public IQueueCache CreateQueueCache(QueueId queueId) => new DeliveryCache(_options.CacheSize, _options.ReadBatchSize);
}
