using System.Security.Cryptography;
using Chimera.Adapters.Redis;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Core.Hosting;
using Chimera.Grains.Hosting;
using Chimera.Postgres.Hosting;
using Chimera.Postgres.Tests.Infrastructure;
using Chimera.Redis.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace Chimera.Postgres.Tests.Outage;

/// <summary>
/// The production profile in two in-process silos — PostgreSQL state, reminders and audit; the Redis stream bridge and
/// outbound — against a PostgreSQL and a redis-server of its own (the tests stop PostgreSQL), with a configured adapter
/// key and a frozen domain clock. Short timeouts keep outages and silo deaths quick: delivery gives up after 5 s (so an
/// outage longer than that proves deliveries no longer depend on the database), unacknowledged entries are re-delivered
/// after 3 s, a killed silo is declared dead after about 2 s.
/// </summary>
internal sealed class OutageCluster : IAsyncDisposable
{
    public const int Partitions = 4;

    public static readonly TimeSpan MaxEventDeliveryTime = TimeSpan.FromSeconds(5);

    private OutageCluster(PostgresServer postgres, RedisServer redis, string database, TimeSpan outageWindow)
    {
        Postgres = postgres;
        Redis = redis;
        Database = database;
        OutageWindow = outageWindow;
        Key = new AdapterKey("adapter-outage", "k1", RandomNumberGenerator.GetBytes(32), ["*"]);
    }

    public PostgresServer Postgres { get; }

    public RedisServer Redis { get; }

    public string Database { get; }

    public TimeSpan OutageWindow { get; }

    public AdapterKey Key { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public RedisAdapterTransport Transport { get; private set; } = null!;

    public ConnectionMultiplexer Admin { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public static async Task<OutageCluster> StartAsync(TimeSpan? outageWindow = null)
    {
        var postgres = await PostgresServer.StartNewAsync();
        var redis = await RedisServer.StartAsync();
        var database = await TestDatabase.CreateMigratedAsync(postgres);
        var harness = new OutageCluster(postgres, redis, database, outageWindow ?? new DurabilityOptions().OutageWindow);
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ServiceId = "outage-" + Guid.NewGuid().ToString("N")[..8];
        builder.ConfigureSilo((_, silo) => harness.Configure(silo));
        harness.Cluster = builder.Build();
        await harness.Cluster.DeployAsync();
        harness.Transport = RedisAdapterTransport.Create(redis.ConnectionString, Partitions);
        harness.Admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        return harness;
    }

    /// <summary>Publishes one event through Redis exactly as an adapter does.</summary>
    public Task PublishAsync(StatusEvent statusEvent) => Transport.PublishAsync(StatusEvents.Sign(statusEvent, Key), statusEvent.InfluencerId);

    public StatusEvent Event(string influencerId, string eventId, InfluencerStatus status, string capability) =>
        StatusEvents.Create(influencerId, Clock.GetUtcNow(), status, capabilities: [capability], relevance: 0.0, currentTask: status == InfluencerStatus.Busy ? "task-" + eventId : null, eventId: eventId);

    public Task<InfluencerView?> ViewAsync(string id) => Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask();

    public async Task<long> PendingAsync()
    {
        long pending = 0;
        for (var p = 0; p < Partitions; p++)
        {
            pending += (await Admin.GetDatabase().StreamPendingAsync(StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, p), "chimera")).PendingMessageCount;
        }

        return pending;
    }

    public async Task<StreamEntry[]> DeadLettersAsync() => await Admin.GetDatabase().StreamRangeAsync(PerceptionNames.DeadLetterTopic);

    /// <summary>Audit rows per event id, straight from PostgreSQL.</summary>
    public async Task<Dictionary<string, long>> RowsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT event_id, count(*) FROM chimera_audit GROUP BY event_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Postgres.IsRunning)
        {
            await Postgres.StartAsync(); // let the silos stop cleanly
        }

        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Transport.DisposeAsync();
        await Admin.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    private void Configure(ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<TimeProvider>(ChimeraClock.Key, Clock);
        silo.Services.Configure<ProvenanceOptions>(o => o.Adapters.Add(new TrustedAdapterKeyOptions
        {
            AdapterId = Key.AdapterId,
            KeyId = Key.KeyId,
            Secret = Convert.ToBase64String(Key.Secret),
            Influencers = ["*"],
        }));
        silo.Services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TolerantMembership.ProbeTimeout;
            o.NumMissedProbesLimit = TolerantMembership.NumMissedProbesLimit;
        });
        silo.Services.Configure<DurabilityOptions>(o =>
        {
            o.OutageWindow = OutageWindow;
            o.RetryMaxBackoff = TimeSpan.FromSeconds(1);
            // Outlasts a killed silo's death detection, so what it owed is redelivered inside the catch-up.
            o.RecoveryCatchUp = TolerantMembership.DeathDetection + TimeSpan.FromSeconds(5);
        });
        silo.Services.Configure<StreamPullingAgentOptions>(ChimeraStreams.ProviderName, o => o.MaxEventDeliveryTime = MaxEventDeliveryTime);
        silo.AddChimeraCore();
        silo.AddChimeraPostgres(o =>
        {
            o.ConnectionString = Database;
            o.UseClustering = false; // the test cluster brings its own membership
            o.SnapshotInterval = TimeSpan.Zero;
            o.AuditRetryMaxBackoff = TimeSpan.FromMilliseconds(500);
        });
        silo.AddChimeraRedis(o =>
        {
            o.ConnectionString = Redis.ConnectionString;
            o.Partitions = Partitions;
            o.AckTimeout = TimeSpan.FromSeconds(3);
            o.MaxBackoff = TimeSpan.FromSeconds(1);
        });
    }
}
