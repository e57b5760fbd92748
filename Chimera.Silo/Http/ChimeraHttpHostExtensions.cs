using Chimera.Silo.Hosting;
using Chimera.Silo.Http.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Chimera.Silo.Http;

/// <summary>
/// The silo's HTTP port (spec §10) on <c>Chimera:Http:Urls</c>: <c>/health/live</c>, <c>/health/ready</c>,
/// <c>/metrics</c> (Prometheus text), <c>/</c> (the live registry page and its <c>/api</c>), and <c>/dashboard</c>
/// (the Orleans Dashboard: on in the embedded profile, <c>Chimera:Http:Dashboard=true</c> elsewhere).
/// </summary>
public static class ChimeraHttpHostExtensions
{
    public static IHostApplicationBuilder AddChimeraHttp(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.BindValidated(ChimeraHttpOptions.Section, new ChimeraHttpOptionsValidator());

        // Explicit endpoints: Chimera:Http:Urls is the one setting (ASP.NET's own urls/ASPNETCORE_URLS are not used).
        var endpoints = options.Endpoints();
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            foreach (var endpoint in endpoints)
            {
                if (endpoint.Address is null)
                {
                    kestrel.ListenLocalhost(endpoint.Port);
                }
                else
                {
                    kestrel.Listen(endpoint.Address, endpoint.Port);
                }
            }
        });

        builder.Services.AddHealthChecks()
            .AddCheck<ClusterMembershipHealthCheck>("cluster", tags: [HealthResponse.ReadyTag])
            .AddCheck<SchemaHealthCheck>("schema", tags: [HealthResponse.ReadyTag])
            .AddCheck<RedisHealthCheck>("redis", tags: [HealthResponse.ReadyTag])
            .AddCheck<ReceiverHealthCheck>("receivers", tags: [HealthResponse.ReadyTag]);

        if (DashboardEnabled(options, SiloProfile.From(builder.Configuration)))
        {
            builder.UseOrleans(silo => silo.AddDashboard());
        }

        return builder;
    }

    /// <summary>Maps every endpoint; call after <c>Build()</c>.</summary>
    public static WebApplication MapChimeraHttp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Live: the process answers HTTP. No dependency is consulted: restarting a silo because PostgreSQL is down fixes nothing.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthResponse.ReadyTag),
            ResponseWriter = HealthResponse.WriteAsync,
            ResultStatusCodes =
            {
                [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy] = StatusCodes.Status200OK,
                [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapRegistryPage();

        var options = app.Services.GetRequiredService<IOptions<ChimeraHttpOptions>>().Value;
        if (DashboardEnabled(options, app.Services.GetRequiredService<SiloProfile>()))
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard");
        }

        return app;
    }

    private static bool DashboardEnabled(ChimeraHttpOptions options, SiloProfile profile) => options.Dashboard ?? profile.IsEmbedded;
}
