using Chimera.Contracts.Validation;
using Chimera.Core.Audit;
using Chimera.Core.Hosting;
using Chimera.Core.Ingress;
using Chimera.Core.Outbound;
using Chimera.Grains.Hosting;
using Chimera.Postgres.Hosting;
using Chimera.Redis.Hosting;
using Orleans.Configuration;

namespace Chimera.Silo.Hosting;

/// <summary>
/// Composes the silo from configuration. With nothing configured: one silo on localhost clustering with
/// in-memory storage, reminders and streams. <c>ConnectionStrings:Postgres</c> switches storage, reminders,
/// audit and membership to PostgreSQL; <c>ConnectionStrings:Redis</c> switches the status stream and the
/// outbound topics to Redis Streams. The grain code is the same in every profile.
/// </summary>
public static class ChimeraSiloHostExtensions
{
    public static IHostApplicationBuilder AddChimeraSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var options = builder.BindValidated(ChimeraSiloOptions.Section, new ChimeraSiloOptionsValidator());
        var profile = SiloProfile.From(configuration);

        // One pattern for every section (SettingsValidator): bind here; AddChimeraCore (the library) adds each validator
        // and ValidateOnStart, so a host that composes the silo itself is checked the same way, and a bad value stops the
        // start with OptionsValidationException naming the setting (exit 2, SiloCommand).
        builder.Services.AddOptions<IngressOptions>().Bind(configuration.GetSection("Chimera:Ingress"));
        builder.Services.AddOptions<AnnounceOptions>().Bind(configuration.GetSection(AnnounceOptions.SectionName));
        builder.Services.AddOptions<CadenceOptions>().Bind(configuration.GetSection("Chimera:Cadence"));
        builder.Services.AddOptions<ProvenanceOptions>().Bind(configuration.GetSection(ProvenanceOptions.SectionName));
        builder.Services.AddOptions<DurabilityOptions>().Bind(configuration.GetSection(DurabilityOptions.SectionName));
        builder.Services.AddOptions<SelfPreservationOptions>().Bind(configuration.GetSection(SelfPreservationOptions.SectionName));
        builder.Services.AddOptions<EmbeddedAuditOptions>().Bind(configuration.GetSection(EmbeddedAuditOptions.SectionName));
        builder.Services.PostConfigure<ProvenanceOptions>(provenance => profile.ApplyDevelopmentKeyPolicy(provenance));
        builder.Services.AddSingleton(profile);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });

            // How fast a silo that stopped answering is declared dead (ProbeTimeout, NumMissedProbesLimit, ...):
            // Orleans' defaults unless an operator sets Chimera:Membership:* (README, "Running with PostgreSQL").
            silo.Configure<ClusterMembershipOptions>(configuration.GetSection("Chimera:Membership"));

            // The ratified-spec list: the copy built in, or an operator's file (spec §11).
            var metaPath = configuration["Chimera:Specs:MetaPath"];
            silo.AddChimeraCore(string.IsNullOrWhiteSpace(metaPath) ? null : RatifiedSpecs.Load(metaPath));
            if (profile.PostgresConnectionString is { } postgres)
            {
                silo.AddChimeraPersistence(postgres, configuration, options);
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
                silo.AddEmbeddedStorage();
            }

            if (profile.RedisConnectionString is { } redis)
            {
                silo.AddChimeraStreaming(redis, configuration);
            }
            else
            {
                silo.AddMemoryStreams(ChimeraStreams.ProviderName);
            }

            if (profile.PostgresConnectionString is null)
            {
                // Stream pub-sub state; the PostgreSQL profile keeps it durable instead.
                silo.AddMemoryGrainStorage(ChimeraStreams.PubSubStorage);
            }
        });

        return builder;
    }

    // The PostgreSQL profile: grain state, reminders, audit, snapshots and (by default) membership.
    private static void AddChimeraPersistence(this ISiloBuilder silo, string connectionString, IConfiguration configuration, ChimeraSiloOptions options)
    {
        var useClustering = true;
        silo.AddChimeraPostgres(o =>
        {
            configuration.GetSection("Chimera:Postgres").Bind(o);
            o.ConnectionString = connectionString;
            useClustering = o.UseClustering;
        });

        if (useClustering)
        {
            silo.ConfigureEndpoints(System.Net.IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
        }
    }

    // The Redis profile: status stream, dead letters, latest-status keys and announcements over Redis Streams.
    private static void AddChimeraStreaming(this ISiloBuilder silo, string connectionString, IConfiguration configuration)
    {
        // The same pattern as every section: bound here, validated on start by the validator AddChimeraRedis adds;
        // ConnectionStrings:Redis is applied after the binding, as before.
        silo.Services.AddOptions<ChimeraRedisOptions>().Bind(configuration.GetSection(ChimeraRedisOptions.SectionName));
        silo.AddChimeraRedis(o => o.ConnectionString = connectionString);
    }
}
