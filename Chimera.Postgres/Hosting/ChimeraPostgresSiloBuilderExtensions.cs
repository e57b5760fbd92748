using Chimera.Core.Audit;
using Chimera.Core.Changes;
using Chimera.Core.Hosting;
using Chimera.Postgres.Audit;
using Chimera.Postgres.Changes;
using Chimera.Postgres.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Chimera.Postgres.Hosting;

/// <summary>The production persistence profile: PostgreSQL for grain state, reminders, membership and the audit log.</summary>
public static class ChimeraPostgresSiloBuilderExtensions
{
    /// <summary>
    /// Registers AdoNet grain storage <see cref="ChimeraStreams.InfluencerStateStorage"/> and
    /// <see cref="ChimeraStreams.PubSubStorage"/> (Orleans binary serializer: stored state names types by their
    /// [Alias], so renaming a C# type does not break it), AdoNet reminders, AdoNet clustering when
    /// <see cref="ChimeraPostgresOptions.UseClustering"/>, the PostgreSQL <see cref="IAuditLog"/> and
    /// <see cref="IAuditReader"/> (replacing any registered before), the registry snapshot writer and the
    /// start-up schema check. Options are validated here, so a bad setting fails at start-up naming the setting.
    /// </summary>
    public static ISiloBuilder AddChimeraPostgres(this ISiloBuilder builder, Action<ChimeraPostgresOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ChimeraPostgresOptions();
        configure(options);
        ChimeraPostgresOptionsValidator.Instance.ThrowIfInvalid(options);
        var connectionString = options.EffectiveConnectionString;

        foreach (var name in new[] { ChimeraStreams.InfluencerStateStorage, ChimeraStreams.PubSubStorage })
        {
            builder.AddAdoNetGrainStorage(name, ob => ob.Configure<Serializer>((storage, serializer) =>
            {
                storage.Invariant = ChimeraPostgresOptions.Invariant;
                storage.ConnectionString = connectionString;
                storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        }

        builder.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = ChimeraPostgresOptions.Invariant;
            reminders.ConnectionString = connectionString;
        });

        if (options.UseClustering)
        {
            builder.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = ChimeraPostgresOptions.Invariant;
                clustering.ConnectionString = connectionString;
            });
        }

        var services = builder.Services;
        // A real server: the keyring may not hold the public development key from here on (spec §7.4).
        services.AddSingleton(new ConfiguredServer("PostgreSQL"));
        // The same options for the services, checked again as the silo starts (the one pattern, docs/architecture.md).
        services.AddOptions<ChimeraPostgresOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChimeraPostgresOptions>>(ChimeraPostgresOptionsValidator.Instance));
        services.TryAddSingleton<ChimeraPostgresDataSource>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<SchemaCheck>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SchemaCheck>());

        services.AddSingleton<PostgresAuditLog>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PostgresAuditLog>());
        services.RemoveAll<IAuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<PostgresAuditLog>());
        services.RemoveAll<IAuditReader>();
        services.AddSingleton<IAuditReader, PostgresAuditReader>();
        services.RemoveAll<IChangeLog>();
        services.AddSingleton<IChangeLog, PostgresChangeLog>();

        services.AddSingleton<RegistrySnapshotWriter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<RegistrySnapshotWriter>());
        return builder;
    }
}
