using Chimera.Client.Adapters.Redis;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Grains.Ingress;
using Chimera.Redis.Hosting;
using Chimera.Redis.Outbound;
using Chimera.Redis.Streams;
using Chimera.Testing;
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
        Options = new ChimeraRedisOptions { ConnectionString = server.ConnectionString, Partitions = 1, ReadBatchSize = 100, CacheSize = 1000 };
        Gate = new StatusEntryGate(RatifiedSpecs.Embedded(), new AdapterKeyring([TestKeys.Any]), Clock, Microsoft.Extensions.Options.Options.Create(new IngressOptions()));
        DeadLetters = new RedisDeadLetterSink(redis, Microsoft.Extensions.Options.Options.Create(Options));
        Transport = new RedisAdapterTransport(redis, partitions: 1);
    }

    public RedisServer Server { get; }

    public IConnectionMultiplexer Redis { get; }

    public IDatabase Db => Redis.GetDatabase();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public ChimeraRedisOptions Options { get; }

    public StatusEntryGate Gate { get; }

    public RedisDeadLetterSink DeadLetters { get; }

    public RedisAdapterTransport Transport { get; }

    public PartitionAddress Address { get; } = PartitionAddress.For(0, "chimera");

    public static async Task<ReceiverHarness> StartAsync()
    {
        var server = await RedisServer.StartAsync();
        var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        return new ReceiverHarness(server, redis);
    }

    /// <summary>A receiver of partition 0; <paramref name="gate"/> replaces the real gate (e.g. to observe or fault admission).</summary>
    public StatusQueueReceiver NewReceiver(IStatusEntryGate? gate = null) =>
        new(Address, Redis, gate ?? Gate, DeadLetters, Options, Clock, Clock, NullLogger.Instance);

    public async Task<List<string>> PublishAsync(string influencerId, int count, string prefix = "e")
    {
        for (var i = 0; i < count; i++)
        {
            await Transport.PublishAsync(TestEvents.Signed(influencerId, $"{prefix}-{i}", Clock.GetUtcNow().AddMilliseconds(i)), influencerId);
        }

        return Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Server.DisposeAsync();
    }
}
