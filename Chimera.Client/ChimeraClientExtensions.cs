using Chimera.Client.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chimera.Client;

/// <summary>
/// Adds a Chimera client to a host: an Orleans client for the configured cluster and
/// <see cref="IChimeraClient"/> in DI. Options bind from <c>Chimera:Client</c>, then
/// <c>configure</c> runs, then they are validated (an invalid setting fails here, naming it).
/// </summary>
public static class ChimeraClientExtensions
{
    public static IHostApplicationBuilder AddChimeraClient(this IHostApplicationBuilder builder, Action<ChimeraClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ChimeraClientSetup.Resolve(builder.Configuration, configure);
        builder.UseOrleansClient(client => ChimeraClientSetup.ConfigureOrleans(client, options));
        return builder;
    }

    public static IHostBuilder AddChimeraClient(this IHostBuilder builder, Action<ChimeraClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseOrleansClient((context, client) =>
            ChimeraClientSetup.ConfigureOrleans(client, ChimeraClientSetup.Resolve(context.Configuration, configure)));
    }

    public static IServiceCollection AddChimeraClient(this IServiceCollection services, IConfiguration? configuration = null, Action<ChimeraClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = ChimeraClientSetup.Resolve(configuration, configure);
        return services.AddOrleansClient(client => ChimeraClientSetup.ConfigureOrleans(client, options));
    }
}
