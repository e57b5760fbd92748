using Chimera.Core.Delivery;
using Chimera.Core.Hosting;
using Chimera.Core.Ingress;
using Chimera.Core.Outbound;
using Chimera.Redis.Connection;
using Chimera.Redis.Outbound;
using Chimera.Redis.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;
using StackExchange.Redis;

namespace Chimera.Redis.Hosting;

/// <summary>The one call that puts a silo on Redis: the status stream provider and the Redis sinks.</summary>
public static class ChimeraRedisSiloBuilderExtensions
{
    /// <summary>
    /// Registers the Redis Streams provider as <see cref="ChimeraStreams.ProviderName"/> (one Orleans queue
    /// per partition of <c>mcp.perception.influencer.status</c>), Redis implementations of
    /// <see cref="IDeadLetterSink"/>, <see cref="IStatusOutbound"/> and <see cref="IStatusEntryPublisher"/>
    /// (replacing any registered before this call), and one shared <see cref="IConnectionMultiplexer"/>.
    /// Options are validated at start-up. Needs <see cref="IStatusEntryGate"/> and its dependencies in DI
    /// (<c>AddChimeraCore</c>); the keyring then refuses the public development key.
    /// </summary>
    public static ISiloBuilder AddChimeraRedis(this ISiloBuilder builder, Action<ChimeraRedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        // A real server: the keyring may not hold the public development key from here on (spec §7.4).
        services.AddSingleton(new ConfiguredServer("Redis"));
        services.AddOptions<ChimeraRedisOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChimeraRedisOptions>, ChimeraRedisOptionsValidator>());

        services.RemoveAll<IConnectionMultiplexer>();
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ChimeraRedisOptions>>().Value;
            ReceiverLog.Connecting(sp.GetRequiredService<ILoggerFactory>().CreateLogger("Chimera.Redis"), RedisConnectionStrings.Redact(options.ConnectionString), options.Partitions, options.ConsumerGroup);
            return ConnectionMultiplexer.Connect(RedisConnectionStrings.ForService(options.ConnectionString));
        });

        services.AddHostedService<PendingEntriesSampler>();
        services.TryAddSingleton<RedisDeadLetterReader>();
        services.RemoveAll<IDeadLetterReader>();
        services.AddSingleton<IDeadLetterReader>(sp => sp.GetRequiredService<RedisDeadLetterReader>());

        services.TryAddSingleton<RedisDeadLetterSink>();
        services.RemoveAll<IDeadLetterSink>();
        services.AddSingleton<IDeadLetterSink>(sp => sp.GetRequiredService<RedisDeadLetterSink>());
        services.TryAddSingleton(sp => new RedisStatusOutbound(
            sp.GetRequiredService<IConnectionMultiplexer>(), GrainClock(sp), sp.GetRequiredService<IOptions<ChimeraRedisOptions>>(), sp.GetRequiredService<ILogger<RedisStatusOutbound>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisStatusOutbound>());
        services.RemoveAll<IStatusOutbound>();
        services.AddSingleton<IStatusOutbound>(sp => sp.GetRequiredService<RedisStatusOutbound>());

        // Acknowledgement follows durability, not delivery (spec §2.3): consumers acknowledge through this, batched.
        services.TryAddSingleton(sp => new RedisDeliveryAcknowledger(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<RedisDeadLetterSink>(), sp.GetRequiredService<IOptions<ChimeraRedisOptions>>(),
            GrainClock(sp), sp.GetRequiredService<ILogger<RedisDeliveryAcknowledger>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisDeliveryAcknowledger>());
        services.RemoveAll<IDeliveryAcknowledger>();
        services.AddSingleton<IDeliveryAcknowledger>(sp => sp.GetRequiredService<RedisDeliveryAcknowledger>());
        services.TryAddSingleton<SiloDeathWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloDeathWatch>());
        services.RemoveAll<IStatusEntryPublisher>();
        services.AddSingleton<IStatusEntryPublisher, RedisStatusEntryPublisher>();

        builder.AddPersistentStreams(ChimeraStreams.ProviderName, (sp, name) => StatusQueueAdapterFactory.Create(sp, name, GrainClock(sp), StreamingClock(sp)), stream =>
        {
            stream.UseConsistentRingQueueBalancer();
            // One container per pulling-agent delivery: the cache marks an entry finished when the agent moves
            // past it, which is only true if it awaits each delivery before the next MoveNext.
            stream.ConfigurePullingAgent(agent => agent.Configure(o => o.BatchContainerBatchSize = 1));
        });
        services.PostConfigure<StreamPullingAgentOptions>(ChimeraStreams.ProviderName, o => o.BatchContainerBatchSize = 1);

        // The status stream has only implicit subscribers (one InfluencerGrain per stream): explicit pub-sub
        // would add a PubSubRendezvousGrain per influencer stream for nothing (measured: ~4 KB per influencer).
        services.Configure<StreamPubSubOptions>(ChimeraStreams.ProviderName, o => o.PubSubType = StreamPubSubType.ImplicitOnly);
        return builder;
    }

    // Expiry and replay checks must use the clock the grains use (FakeTimeProvider in tests).
    private static TimeProvider GrainClock(IServiceProvider services) =>
        services.GetRequiredKeyedService<TimeProvider>(ChimeraClock.Key);

    // Retry backoff and trim scheduling belong to the pulling loop, so they run on the clock Orleans gives its
    // pulling agents, never on the domain clock: tests freeze or jump that one to age statuses.
    private static TimeProvider StreamingClock(IServiceProvider services) =>
        services.GetKeyedService<TimeProvider>(StreamingTimeProviderNames.Streaming) ?? TimeProvider.System;
}
