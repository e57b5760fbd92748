using System.Collections.Concurrent;
using Chimera.Contracts.Provenance;
using Chimera.Core.Audit;
using Chimera.Core.Hosting;
using Chimera.Core.Ingress;
using Chimera.Grains.Hosting;
using Chimera.Redis.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Chimera.Redis.Tests;

/// <summary>
/// Two in-process silos on the Redis profile (8 partitions, the default) against a real redis-server, for the
/// hostile-traffic test: one shared audit log and append ledger (every apply is counted), one shared record of gate
/// reads (<see cref="ObservedGate"/>, which also plays the bug that throws on a poison entry), a frozen domain clock
/// (no status goes stale, so every audit row is a status change), and a keyring of <see cref="TestKeys.Any"/> plus
/// <see cref="Restricted"/>, which speaks only for <see cref="RestrictedInfluencer"/>.
/// </summary>
internal sealed class HostileTrafficCluster : IAsyncDisposable
{
    public const int Partitions = ChimeraRedisOptions.DefaultPartitions;

    public const string RestrictedInfluencer = "hostile-restricted";

    public static readonly AdapterKey Restricted = TestKeys.Create("adapter-restricted", "k1", [RestrictedInfluencer]);

    private HostileTrafficCluster(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public InMemoryAuditLog Audit { get; } = new();

    public AppendLedger Ledger { get; } = new();

    public ConcurrentDictionary<string, int> GateReads { get; } = new(StringComparer.Ordinal);

    public static async Task<HostileTrafficCluster> StartAsync(RedisServer redis)
    {
        var harness = new HostileTrafficCluster(redis);
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((options, silo) => harness.Configure(options.SiloName, silo));
        harness.Cluster = builder.Build();
        await harness.Cluster.DeployAsync();
        return harness;
    }

    /// <summary>How many partitions the cluster's pulling agents read right now.</summary>
    public async Task<int> RunningAgentsAsync() => (await Task.WhenAll(Cluster.Silos.Select(RedisFaultCluster.RunningAgentsAsync))).Sum();

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private void Configure(string siloName, ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<TimeProvider>(ChimeraClock.Key, Clock);
        silo.Services.AddSingleton<IAuditLog>(new CountingAuditLog(siloName, Audit, Ledger, new AppendHold()));
        silo.Services.AddSingleton<IStatusEntryGate>(sp => new ObservedGate(sp.GetRequiredService<StatusEntryGate>(), GateReads));
        silo.Services.Configure<ProvenanceOptions>(o =>
        {
            o.Adapters.Add(TestAdapterKeys.Trusted(TestKeys.Any));
            o.Adapters.Add(TestAdapterKeys.Trusted(Restricted));
        });
        silo.AddChimeraCore();
        silo.AddMemoryGrainStorage(ChimeraStreams.InfluencerStateStorage);
        silo.UseInMemoryReminderService();
        silo.AddMemoryGrainStorage(ChimeraStreams.PubSubStorage);
        silo.AddChimeraRedis(o =>
        {
            o.ConnectionString = Redis.ConnectionString;
            o.Partitions = Partitions;
        });
    }
}
