using Chimera.Client.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chimera.Client;

/// <summary>
/// A connected client outside any host (the CLI, scripts, tests): <see cref="ConnectAsync"/> starts an
/// Orleans client and fails with <see cref="ChimeraUnavailableException"/> when the cluster is not there.
/// </summary>
public sealed class ChimeraClientConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ChimeraClientConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IChimeraClient>();
        ClusterClient = host.Services.GetRequiredService<IClusterClient>();
    }

    public IChimeraClient Client { get; }

    /// <summary>The underlying Orleans client (e.g. for an <c>OrleansIngestTransport</c>).</summary>
    public IClusterClient ClusterClient { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Connects; the options are validated first (throws <c>OptionsValidationException</c> naming the setting).</summary>
    public static async Task<ChimeraClientConnection> ConnectAsync(ChimeraClientOptions options, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ChimeraClientOptionsValidator.Instance.ThrowIfInvalid(options);

        // No defaults: a CLI must not pick up appsettings.json or console logging from the working directory.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.AddChimeraClient(o => Copy(options, o));
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw ChimeraClient.Unavailable(options, new TimeoutException($"no answer within {options.ConnectTimeout.TotalSeconds:0.#} s (ConnectTimeout)", ex));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            host.Dispose();
            throw ChimeraClient.Unavailable(options, ex);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ChimeraClientConnection(host);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException || ChimeraClient.IsUnavailable(ex))
        {
            // Closing a connection to a cluster that already went away is not an error worth surfacing.
        }
        finally
        {
            _host.Dispose();
        }
    }

    private static void Copy(ChimeraClientOptions from, ChimeraClientOptions to)
    {
        to.ClusterId = from.ClusterId;
        to.ServiceId = from.ServiceId;
        to.Clustering = from.Clustering;
        to.GatewayPort = from.GatewayPort;
        to.Gateways.Clear();
        foreach (var gateway in from.Gateways)
        {
            to.Gateways.Add(gateway);
        }

        to.AdoNetConnectionString = from.AdoNetConnectionString;
        to.AdoNetInvariant = from.AdoNetInvariant;
        to.WatchInterval = from.WatchInterval;
        to.WatchPageSize = from.WatchPageSize;
        to.WatchWait = from.WatchWait;
        to.WatchRetryInitial = from.WatchRetryInitial;
        to.WatchRetryMax = from.WatchRetryMax;
        to.ConnectTimeout = from.ConnectTimeout;
    }
}
