using Chimera.Bench.Workload;
using Chimera.Grains.Audit;
using Chimera.Grains.Hosting;
using Chimera.Redis.Hosting;
using Chimera.Silo.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chimera.Bench.Infrastructure;

/// <summary>
/// One real silo in this process, composed like the production host (AddChimeraCore + AddChimeraRedis) but
/// with embedded grain storage and reminders: Redis Streams carry the events, the bench adapter key signs
/// them. <see cref="Client"/> is the silo's own cluster client, so calls through it are grain calls inside
/// the cluster (no network hop).
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopping;

    private BenchSilo(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public IServiceProvider Services => _host.Services;

    public InMemoryAuditLog Audit => _host.Services.GetRequiredService<InMemoryAuditLog>();

    public static async Task<BenchSilo> StartAsync(string? redisConnectionString, int partitions = ChimeraRedisOptions.DefaultPartitions)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        BenchSilo? self = null;
        // Warnings and errors while benchmarking are shown; the noise of tearing the silo down (grains deactivating
        // against storage that already stopped) is not.
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning && self?._stopping != true);
        builder.Services.Configure<ProvenanceOptions>(o => o.Adapters.Add(BenchKeys.Options));
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(LoopbackPorts.GetFree(), LoopbackPorts.GetFree());
            silo.AddChimeraCore();
            silo.AddEmbeddedStorage();
            silo.AddMemoryGrainStorage(ChimeraStreams.PubSubStorage);
            if (redisConnectionString is null)
            {
                silo.AddMemoryStreams(ChimeraStreams.ProviderName);
            }
            else
            {
                silo.AddChimeraRedis(o =>
                {
                    o.ConnectionString = redisConnectionString;
                    o.Partitions = partitions;
                });
            }
        });

        var host = builder.Build();
        self = new BenchSilo(host);
        await host.StartAsync();
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
