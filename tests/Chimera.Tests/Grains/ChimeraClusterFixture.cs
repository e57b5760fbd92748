using Chimera.Contracts.Provenance;
using Chimera.Core.Audit;
using Chimera.Core.Hosting;
using Chimera.Core.Ingress;
using Chimera.Core.Outbound;
using Chimera.Grains.Hosting;
using Chimera.Silo.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Chimera.Tests.Grains;

/// <summary>
/// Two silos on the embedded profile (memory streams and storage: grain logic only, not persistence),
/// sharing one fake clock for grain time and timers, and one audit log / outbound so tests can count.
/// </summary>
public class ChimeraClusterFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A key that may only speak for <c>restricted-*</c> ids, for authority tests.</summary>
    public static readonly AdapterKey RestrictedKey = new("adapter-restricted", "k1", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), ["restricted-one"]);

    private InProcessTestCluster? _cluster;

    public ChimeraClusterFixture()
        : this(new FakeTimeProvider(Epoch))
    {
    }

    /// <summary>A fixture on a clock of the derived fixture's choosing (e.g. one that never fires grain timers).</summary>
    protected ChimeraClusterFixture(FakeTimeProvider clock) => Clock = clock;

    public FakeTimeProvider Clock { get; }

    public InMemoryAuditLog Audit { get; } = new();

    public InMemoryDeadLetterSink DeadLetters { get; } = new(NullLogger<InMemoryDeadLetterSink>.Instance);

    public InMemoryStatusOutbound Outbound { get; private set; } = null!;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        Outbound = new InMemoryStatusOutbound(Clock, NullLogger<InMemoryStatusOutbound>.Instance);
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(ChimeraClock.Key, Clock);
            silo.Services.AddSingleton(Audit);
            silo.Services.AddSingleton(DeadLetters);
            silo.Services.AddSingleton(Outbound);
            silo.Services.Configure<ProvenanceOptions>(o =>
            {
                o.TrustDevelopmentKey = true;
                o.Adapters.Add(new TrustedAdapterKeyOptions
                {
                    AdapterId = RestrictedKey.AdapterId,
                    KeyId = RestrictedKey.KeyId,
                    Secret = Convert.ToBase64String(RestrictedKey.Secret),
                    Influencers = [.. RestrictedKey.Influencers],
                });
                o.Adapters.Add(new TrustedAdapterKeyOptions
                {
                    AdapterId = TestKeys.Any.AdapterId,
                    KeyId = TestKeys.Any.KeyId,
                    Secret = Convert.ToBase64String(TestKeys.Any.Secret),
                    Influencers = [AdapterKey.AnyInfluencer],
                });
            });
            ConfigureSilo(silo);
            silo.AddChimeraCore();
            ConfigureStorage(silo);
            silo.AddEmbeddedStreams();
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(ChimeraStreams.ProviderName));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Extra silo configuration of a derived fixture (runs before <c>AddChimeraCore</c>, so its registrations win).</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    /// <summary>Grain storage and reminders: the embedded profile's unless a derived fixture brings its own.</summary>
    protected virtual void ConfigureStorage(ISiloBuilder silo) => silo.AddEmbeddedStorage();

    /// <summary>Sends the lease renewals every silo has batched, instead of waiting for the flush interval.</summary>
    public async Task FlushLeasesAsync()
    {
        foreach (var silo in Cluster.Silos)
        {
            await silo.ServiceProvider.GetRequiredService<Chimera.Grains.Routing.RoutingLeaseBatcher>().FlushAsync();
        }
    }
}
