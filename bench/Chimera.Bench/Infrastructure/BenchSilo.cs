using System.Globalization;
using Chimera.Bench.Workload;
using Chimera.Core.Audit;
using Chimera.Silo.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chimera.Bench.Infrastructure;

/// <summary>
/// One real silo in this process, composed by the production host's own <c>AddChimeraSilo</c> from configuration
/// (the keys an operator sets: <c>ConnectionStrings:Redis</c>, <c>ConnectionStrings:Postgres</c>, the adapter keyring
/// under <c>Chimera:Provenance</c>). With a PostgreSQL connection string this is the deployed profile (grain state,
/// reminders, audit and membership in PostgreSQL, <c>AddChimeraPostgres</c>); without one, embedded grain storage
/// and reminders. Redis Streams always carry the events; the bench adapter key signs them. <see cref="Client"/> is
/// the silo's own cluster client, so calls through it are grain calls inside the cluster (no network hop).
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopping;

    private BenchSilo(IHost host, bool production, WarningCounter warnings)
    {
        _host = host;
        IsProduction = production;
        Warnings = warnings;
    }

    /// <summary>The warnings and errors the silo logged, counted by kind.</summary>
    public WarningCounter Warnings { get; }

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public IServiceProvider Services => _host.Services;

    /// <summary>True when composed with PostgreSQL (<c>AddChimeraPostgres</c>).</summary>
    public bool IsProduction { get; }

    /// <summary>The embedded profile's audit log (the production profile keeps its rows in PostgreSQL: not registered there).</summary>
    public InMemoryAuditLog Audit => _host.Services.GetRequiredService<InMemoryAuditLog>();

    public static async Task<BenchSilo> StartAsync(string? redisConnectionString, string? postgresConnectionString = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var key = BenchKeys.Options;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redisConnectionString,
            ["ConnectionStrings:Postgres"] = postgresConnectionString,
            ["Chimera:SiloPort"] = LoopbackPorts.GetFree().ToString(CultureInfo.InvariantCulture),
            ["Chimera:GatewayPort"] = LoopbackPorts.GetFree().ToString(CultureInfo.InvariantCulture),
            ["Chimera:Provenance:Adapters:0:AdapterId"] = key.AdapterId,
            ["Chimera:Provenance:Adapters:0:KeyId"] = key.KeyId,
            ["Chimera:Provenance:Adapters:0:Secret"] = key.Secret,
            ["Chimera:Provenance:Adapters:0:Influencers:0"] = "*",
        };
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        BenchSilo? self = null;
        // Warnings and errors while benchmarking are counted (the first of each kind printed); the noise of tearing the
        // silo down (grains deactivating against storage that already stopped) is not.
        var warnings = new WarningCounter(() => self?._stopping == true);
        builder.Logging.AddProvider(warnings).SetMinimumLevel(LogLevel.Warning);
        builder.AddChimeraSilo();

        var host = builder.Build();
        self = new BenchSilo(host, postgresConnectionString is not null, warnings);
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
