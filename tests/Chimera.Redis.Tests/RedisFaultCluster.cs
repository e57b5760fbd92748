using Chimera.Core.Audit;
using Chimera.Core.Hosting;
using Chimera.Grains.Hosting;
using Chimera.Redis.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Chimera.Redis.Tests;

/// <summary>
/// Two in-process silos on the Redis profile (as <see cref="ClusterSiloConfigurator"/>: core, embedded storage,
/// the Redis provider, memory pub-sub store) against a real redis-server, for fault tests. The silos share one
/// <see cref="InMemoryAuditLog"/> (it outlives a killed silo, so rows written by a dead silo still count), one
/// <see cref="AppendLedger"/>, one <see cref="SharedGrainStorage"/> for influencer state (it survives a killed silo, as
/// PostgreSQL does), and one frozen domain clock: no status can go stale during a run, so every audit
/// row is a status change and counts are exact.
/// </summary>
internal sealed class RedisFaultCluster : IAsyncDisposable
{
    public const int Partitions = 4;

    /// <summary>The silos' <c>Durability:RecoveryCatchUp</c>: the death detection of a killed silo plus ten seconds.</summary>
    public static readonly TimeSpan RecoveryCatchUp = TolerantMembership.DeathDetection + TimeSpan.FromSeconds(10);

    private RedisFaultCluster(RedisServer redis)
    {
        Redis = redis;
    }

    public RedisServer Redis { get; }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>The grains' domain clock, frozen at the real time the cluster started.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public InMemoryAuditLog Audit { get; } = new();

    public AppendLedger Ledger { get; } = new();

    public AppendHold Hold { get; } = new();

    /// <summary>Influencer state shared by both silos, like PostgreSQL: it survives a killed silo.</summary>
    public SharedGrainStorage Storage { get; } = new();

    public ReceiverLogRecorder ReceiverLogs { get; } = new();

    /// <summary>Extra silo configuration (runs before the Chimera registrations) and Redis options of a test.</summary>
    private Action<ISiloBuilder>? _configure;
    private Action<ChimeraRedisOptions>? _redisOptions;

    public static async Task<RedisFaultCluster> StartAsync(RedisServer redis, Action<ISiloBuilder>? configure = null, Action<ChimeraRedisOptions>? redisOptions = null)
    {
        var harness = new RedisFaultCluster(redis) { _configure = configure, _redisOptions = redisOptions };
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((options, silo) => harness.Configure(options.SiloName, silo));
        harness.Cluster = builder.Build();
        await harness.Cluster.DeployAsync();
        return harness;
    }

    /// <summary>How many Redis partitions (Orleans queues) the silo's pulling agents read right now.</summary>
    public static async Task<int> RunningAgentsAsync(InProcessSiloHandle silo)
    {
        var provider = (IControllable)silo.ServiceProvider.GetRequiredKeyedService<IStreamProvider>(ChimeraStreams.ProviderName);
        return (int)(await provider.ExecuteCommand((int)PersistentStreamProviderCommand.GetNumberRunningAgents, null!))!;
    }

    public async ValueTask DisposeAsync()
    {
        // Held appends would keep a graceful stop waiting on their grains.
        foreach (var silo in Cluster.Silos)
        {
            Hold.Release(silo.Name);
        }

        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private void Configure(string siloName, ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<TimeProvider>(ChimeraClock.Key, Clock);
        silo.Services.AddSingleton(Audit);
        silo.Services.AddSingleton<IAuditLog>(new CountingAuditLog(siloName, Audit, Ledger, Hold));
        silo.Services.Configure<ProvenanceOptions>(o => o.Adapters.Add(TestAdapterKeys.Trusted(TestKeys.Any)));
        silo.Services.AddSingleton<ILoggerProvider>(ReceiverLogs);

        // A killed silo is noticed by its peer's probes: declared dead in about TolerantMembership.DeathDetection,
        // without evicting a healthy silo on a loaded box; redelivery is then prompt and bounded.
        silo.Services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TolerantMembership.ProbeTimeout;
            o.NumMissedProbesLimit = TolerantMembership.NumMissedProbesLimit;
        });

        // Re-deliveries of what a killed silo's grains owed come once the silo is declared dead: the catch-up outlasts
        // the death detection with room to spare, so they always arrive inside it.
        silo.Services.Configure<DurabilityOptions>(o => o.RecoveryCatchUp = RecoveryCatchUp);

        _configure?.Invoke(silo);
        silo.AddChimeraCore();
        silo.Services.AddKeyedSingleton<IGrainStorage>(ChimeraStreams.InfluencerStateStorage, (sp, _) => Storage.For(sp.GetRequiredService<Serializer>(), sp.GetRequiredService<ILocalSiloDetails>().Name));
        silo.UseInMemoryReminderService();
        silo.AddMemoryGrainStorage(ChimeraStreams.PubSubStorage);
        silo.AddChimeraRedis(o =>
        {
            o.ConnectionString = Redis.ConnectionString;
            o.Partitions = Partitions;
            _redisOptions?.Invoke(o);
        });
    }
}
