using Chimera.Adapters;
using Chimera.Adapters.Redis;
using Chimera.Contracts.Provenance;
using Chimera.Grains.Hosting;
using Chimera.Redis.Hosting;
using Chimera.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Chimera.Silo.Demo;

/// <summary>Adds the demo when <c>Chimera:Demo:Influencers</c> is above zero.</summary>
internal static class DemoServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddChimeraDemo(this IHostApplicationBuilder builder)
    {
        // The count decides what is registered, so the section is checked now, by the validator that checks it at start.
        var options = builder.BindValidated(DemoOptions.Section, new DemoOptionsValidator());
        if (options.Influencers == 0)
        {
            return builder;
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        var profile = SiloProfile.From(builder.Configuration);
        if (profile.RedisConnectionString is { } redis)
        {
            // Publish as real adapters do: XADD into the partitions the silo's Redis receivers read.
            var partitions = builder.Configuration.GetSection(ChimeraRedisOptions.SectionName).Get<ChimeraRedisOptions>()?.Partitions ?? new ChimeraRedisOptions().Partitions;
            builder.Services.TryAddSingleton<IAdapterTransport>(_ => RedisAdapterTransport.Create(redis, partitions));
        }
        else
        {
            builder.Services.TryAddSingleton<IAdapterTransport, OrleansIngestTransport>();
        }

        // The embedded profile signs with the development key; otherwise with the first configured adapter key.
        builder.Services.TryAddSingleton(sp =>
        {
            var provenance = sp.GetRequiredService<IOptions<ProvenanceOptions>>().Value;
            return provenance.TrustDevelopmentKey || provenance.Adapters.Count == 0
                ? DevelopmentKeys.Key
                : provenance.Adapters[0].ToKey("Chimera:Provenance:Adapters:0");
        });
        builder.Services.AddSingleton<DemoRoster>();
        builder.Services.AddSingleton<DemoProber>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoProber>());
        builder.Services.AddHostedService<DemoFleet>();
        builder.Services.AddHostedService<DemoConsole>();
        return builder;
    }
}
