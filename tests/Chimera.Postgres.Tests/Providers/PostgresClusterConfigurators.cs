using Chimera.Postgres.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Chimera.Postgres.Tests.Providers;

/// <summary>TestCluster silos on the PostgreSQL profile; the connection string comes through the cluster's properties.</summary>
public sealed class PostgresSiloConfigurator : ISiloConfigurator
{
    public const string ConnectionStringKey = "ChimeraTests:Postgres";

    public void Configure(ISiloBuilder siloBuilder)
    {
        var connectionString = siloBuilder.Configuration[ConnectionStringKey]
            ?? throw new InvalidOperationException($"{ConnectionStringKey} is not set on the test cluster");
        siloBuilder.AddChimeraPostgres(options =>
        {
            options.ConnectionString = connectionString;
            options.SnapshotInterval = TimeSpan.Zero;
        });
    }
}

/// <summary>The cluster client finds gateways through the PostgreSQL membership table (GatewaysQueryKey).</summary>
public sealed class PostgresClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.UseAdoNetClustering(options =>
        {
            options.Invariant = ChimeraPostgresOptions.Invariant;
            options.ConnectionString = configuration[PostgresSiloConfigurator.ConnectionStringKey];
        });
}
