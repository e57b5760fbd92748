using Chimera.Contracts.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Chimera.Client.Hosting;

/// <summary>The composition behind every <c>AddChimeraClient</c> overload.</summary>
internal static class ChimeraClientSetup
{
    /// <summary>Binds <c>Chimera:Client</c>, applies <paramref name="configure"/>, validates (throws naming the setting).</summary>
    public static ChimeraClientOptions Resolve(IConfiguration? configuration, Action<ChimeraClientOptions>? configure)
    {
        var options = new ChimeraClientOptions();
        configuration?.GetSection(ChimeraClientOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        ChimeraClientOptionsValidator.Instance.ThrowIfInvalid(options);
        return options;
    }

    public static void ConfigureOrleans(IClientBuilder client, ChimeraClientOptions options)
    {
        switch (options.Clustering)
        {
            case ChimeraClustering.Localhost:
                client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                break;
            case ChimeraClustering.Static:
                client.UseStaticClustering([.. options.Gateways.Select(GatewayEndpoint.Resolve)]);
                ConfigureCluster(client, options);
                break;
            case ChimeraClustering.AdoNet:
                client.UseAdoNetClustering(adoNet =>
                {
                    adoNet.ConnectionString = options.AdoNetConnectionString;
                    adoNet.Invariant = options.AdoNetInvariant;
                });
                ConfigureCluster(client, options);
                break;
            default:
                throw new OptionsValidationException(Options.DefaultName, typeof(ChimeraClientOptions), [$"{ChimeraClientOptions.SectionName}:Clustering is '{options.Clustering}'; use Localhost, Static or AdoNet."]);
        }

        AddServices(client.Services, options);
    }

    private static void ConfigureCluster(IClientBuilder client, ChimeraClientOptions options) =>
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });

    private static void AddServices(IServiceCollection services, ChimeraClientOptions options)
    {
        services.TryAddSingleton<IOptions<ChimeraClientOptions>>(Options.Create(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChimeraClientOptions>, ChimeraClientOptionsValidator>());
        services.TryAddSingleton<IChimeraClient, ChimeraClient>();
    }
}
