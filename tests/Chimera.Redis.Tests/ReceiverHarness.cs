using Chimera.Adapters.Redis;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Core.Ingress;
using Chimera.Redis.Hosting;
using Chimera.Redis.Outbound;
using Chimera.Redis.Streams;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

/// <summary>A real redis-server plus the receiver's collaborators, for one partition (key <c>...status:0</c>).</summary>
internal sealed class ReceiverHarness : IAsyncDisposable
{
    private ReceiverHarness(RedisServer server, IConnectionMultiplexer redis)
    {
        Server = server;
        Redis = redis;
        Options = new ChimeraRedisOptions { ConnectionString = server.ConnectionString, Partitions = 1, ReadBatchSize = 100, CacheSize = 1000, AckTimeout = TimeSpan.FromSeconds(1) };
        Gate = new StatusEntryGate(RatifiedSpecs.Embedded(), new AdapterKeyring([TestKeys.Any]), Clock, Microsoft.Extensions.Options.Options.Create(new IngressOptions()));
        DeadLetters = new RedisDeadLetterSink(redis, Microsoft.Extensions.Options.Options.Create(Options));
        Transport = new RedisAdapterTransport(redis, partitions: 1);
        Acknowledger = new RedisDeliveryAcknowledger(redis, DeadLetters, Microsoft.Extensions.Options.Options.Create(Options), Clock, NullLogger<RedisDeliveryAcknowledger>.Instance);
    }

    public RedisServer Server { get; }

    public IConnectionMultiplexer Redis { get; }

    public IDatabase Db => Redis.GetDatabase();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public ChimeraRedisOptions Options { get; }

    public StatusEntryGate Gate { get; }

    public RedisDeadLetterSink DeadLetters { get; }

    public RedisAdapterTransport Transport { get; }

    /// <summary>What a consumer acknowledges through once an entry's effects are durable (spec §2.3).</summary>
    public RedisDeliveryAcknowledger Acknowledger { get; }

    public SiloDeathWatch Deaths { get; } = new(new ServiceCollection().BuildServiceProvider());

    public PartitionAddress Address { get; } = PartitionAddress.For(0, "chimera");

    public static async Task<ReceiverHarness> StartAsync()
    {
        var server = await RedisServer.StartAsync();
        var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        return new ReceiverHarness(server, redis);
    }

    /// <summary>A receiver of partition 0; <paramref name="gate"/> replaces the real gate (e.g. to observe or fault admission).</summary>
    public StatusQueueReceiver NewReceiver(IStatusEntryGate? gate = null, int maxDeliveries = int.MaxValue) =>
        new(Address, Redis, gate ?? Gate, DeadLetters, Options, Clock, Clock, NullLogger.Instance, Deaths, maxDeliveries);

    /// <summary>Acknowledges the entries of <paramref name="delivered"/> as their consumer would once durable, and sends the XACK.</summary>
    public async Task AcknowledgeAsync(IEnumerable<Orleans.Streams.IBatchContainer> delivered)
    {
        foreach (var container in delivered)
        {
            var influencer = container.GetEvents<Chimera.Contracts.Model.StatusEvent>().Single().Item1.InfluencerId;
            Acknowledger.Acknowledge(Acknowledger.ReceiptFor(influencer, container.SequenceToken));
        }

        await Acknowledger.FlushAsync();
    }

    public async Task<List<string>> PublishAsync(string influencerId, int count, string prefix = "e")
    {
        for (var i = 0; i < count; i++)
        {
            await Transport.PublishAsync(StatusEvents.Signed(influencerId, $"{prefix}-{i}", Clock.GetUtcNow().AddMilliseconds(i)), influencerId);
        }

        return Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Server.DisposeAsync();
    }
}
