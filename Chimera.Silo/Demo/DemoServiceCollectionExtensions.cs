using Chimera.Client.Adapters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Chimera.Silo.Demo;

/// <summary>Adds the demo when <c>Chimera:Demo:Influencers</c> is above zero.</summary>
internal static class DemoServiceCollectionExtensions
{
    public static HostApplicationBuilder AddChimeraDemo(this HostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DemoOptions.Section);
        builder.Services.Configure<DemoOptions>(section);
        var influencers = section.GetValue<int>(nameof(DemoOptions.Influencers));
        if (influencers < 0 || influencers > 100_000)
        {
            throw new InvalidOperationException($"Chimera:Demo:Influencers is {influencers}; it must be 0 (off) to 100000.");
        }

        if (influencers == 0)
        {
            return builder;
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IAdapterTransport, IngestGrainTransport>();
        builder.Services.AddHostedService<DemoFleet>();
        builder.Services.AddHostedService<DemoConsole>();
        return builder;
    }
}
