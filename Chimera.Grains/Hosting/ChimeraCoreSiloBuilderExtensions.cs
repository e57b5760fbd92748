using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Core.Audit;
using Chimera.Core.Changes;
using Chimera.Core.Delivery;
using Chimera.Core.Hosting;
using Chimera.Core.Ingest;
using Chimera.Core.Ingress;
using Chimera.Core.Outbound;
using Chimera.Core.Telemetry;
using Chimera.Grains.Ingest;
using Chimera.Grains.Ingress;
using Chimera.Grains.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Chimera.Grains.Hosting;

/// <summary>Registers what every profile shares: the ingress gate, keyring, routing lease batcher and embedded defaults for the sinks.</summary>
public static class ChimeraCoreSiloBuilderExtensions
{
    /// <summary>
    /// Adds Chimera's grain services. Storage, streams and outbound sinks default to in-memory versions
    /// (<c>TryAdd</c>); the Redis and PostgreSQL extensions replace them.
    /// </summary>
    public static ISiloBuilder AddChimeraCore(this ISiloBuilder builder, IRatifiedSpecs? ratifiedSpecs = null)
    {
        var services = builder.Services;
        services.TryAddKeyedSingleton(ChimeraClock.Key, TimeProvider.System);
        services.AddOptions<IngressOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngressOptions>, IngressOptionsValidator>());
        services.AddOptions<AnnounceOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnnounceOptions>, AnnounceOptionsValidator>());
        services.AddOptions<CadenceOptions>();
        services.AddOptions<ProvenanceOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProvenanceOptions>, ProvenanceOptionsValidator>(sp => new ProvenanceOptionsValidator(ConfiguredServers(sp))));
        services.AddOptions<DurabilityOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurabilityOptions>, DurabilityOptionsValidator>());
        services.AddOptions<SelfPreservationOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SelfPreservationOptions>, SelfPreservationOptionsValidator>());
        services.TryAddSingleton(ratifiedSpecs ?? RatifiedSpecs.Embedded());
        services.TryAddSingleton<IRatifiedSpecs>(sp => sp.GetRequiredService<RatifiedSpecs>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ProvenanceOptions>>().Value.BuildKeyring(
            ConfiguredServers(sp), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Chimera.Provenance")));
        services.TryAddSingleton(sp => new StatusEntryGate(
            sp.GetRequiredService<IRatifiedSpecs>(),
            sp.GetRequiredService<AdapterKeyring>(),
            sp.GetRequiredKeyedService<TimeProvider>(ChimeraClock.Key),
            sp.GetRequiredService<IOptions<IngressOptions>>(),
            sp.GetRequiredService<ChimeraMetrics>()));
        services.TryAddSingleton<IStatusEntryGate>(sp => sp.GetRequiredService<StatusEntryGate>());

        // The backstop of spec §7.4 for hosts that register a keyring of their own: checked when the silo starts.
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new KeyringCheck(sp));

        services.AddMetrics();
        services.TryAddSingleton<ChimeraMetrics>();
        services.TryAddSingleton<RegistryGauges>();
        services.TryAddSingleton<ChimeraInstruments>();

        services.TryAddSingleton<RoutingLeaseBatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<RoutingLeaseBatcher>());

        // Ingest health (spec §3.6, /health/ready): receivers report into the monitor on the pulling agents' clock;
        // the reporter sends it to the routing pool, readiness and the pending gauge read it. With memory streams
        // nothing reports, and the guard never holds.
        services.TryAddSingleton(sp => new IngestHealthMonitor(sp.GetKeyedService<TimeProvider>(StreamingTimeProviderNames.Streaming) ?? TimeProvider.System));
        services.TryAddSingleton<IngestHealthReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestHealthReporter>());

        services.AddOptions<EmbeddedAuditOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddedAuditOptions>, EmbeddedAuditOptionsValidator>());
        services.TryAddSingleton(sp => new InMemoryAuditLog(sp.GetRequiredService<IOptions<EmbeddedAuditOptions>>().Value.AuditCapacity));
        services.TryAddSingleton<IAuditLog>(sp => sp.GetRequiredService<InMemoryAuditLog>());
        services.TryAddSingleton<IAuditReader>(sp => sp.GetRequiredService<InMemoryAuditLog>());
        services.TryAddSingleton<IChangeLog>(sp => sp.GetRequiredService<InMemoryAuditLog>());
        services.TryAddSingleton(sp => new InMemoryStatusOutbound(
            sp.GetRequiredKeyedService<TimeProvider>(ChimeraClock.Key),
            sp.GetRequiredService<ILogger<InMemoryStatusOutbound>>()));
        services.TryAddSingleton<IStatusOutbound>(sp => sp.GetRequiredService<InMemoryStatusOutbound>());
        services.TryAddSingleton<InMemoryDeadLetterSink>();
        services.TryAddSingleton<IDeadLetterSink>(sp => sp.GetRequiredService<InMemoryDeadLetterSink>());
        services.TryAddSingleton<IDeadLetterReader>(sp => new InMemoryDeadLetterReader(sp.GetRequiredService<InMemoryDeadLetterSink>()));
        services.TryAddSingleton<IStatusEntryPublisher, OrleansStreamEntryPublisher>();

        // Memory streams acknowledge on delivery by themselves; the Redis provider replaces this (spec §2.3).
        services.TryAddSingleton<IDeliveryAcknowledger, ImplicitDeliveryAcknowledger>();
        return builder;
    }

    /// <summary>The real servers this silo was configured with (<see cref="ConfiguredServer"/> registrations).</summary>
    internal static IReadOnlyCollection<string> ConfiguredServers(IServiceProvider services) =>
        [.. services.GetServices<ConfiguredServer>().Select(s => s.Name).Distinct(StringComparer.Ordinal)];
}
