using Chimera.Core.Hosting;
using Chimera.Grains.Hosting;
using Chimera.Redis.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Chimera.Redis.Tests;

/// <summary>A test silo on the Redis profile; the connection string comes from the cluster's properties.</summary>
public sealed class ClusterSiloConfigurator : ISiloConfigurator
{
    public const string RedisProperty = "ChimeraTestRedis";

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.Services.Configure<ProvenanceOptions>(o => o.Adapters.Add(TestAdapterKeys.Trusted(TestKeys.Any)));
        siloBuilder.AddChimeraCore();
        siloBuilder.AddMemoryGrainStorage(ChimeraStreams.InfluencerStateStorage);
        siloBuilder.AddMemoryGrainStorage(ChimeraStreams.PubSubStorage);
        siloBuilder.UseInMemoryReminderService();
        siloBuilder.AddChimeraRedis(o =>
        {
            o.ConnectionString = siloBuilder.Configuration[RedisProperty]!;
            o.Partitions = 4;
        });
    }
}
