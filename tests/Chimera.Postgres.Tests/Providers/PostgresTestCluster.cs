using Orleans.TestingHost;

namespace Chimera.Postgres.Tests.Providers;

internal static class PostgresTestCluster
{
    /// <summary>A TestCluster whose silos and client use PostgreSQL membership (no test-cluster membership).</summary>
    public static TestCluster Build(string connectionString, short silos, string serviceId)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = serviceId + "-cluster";
        builder.Properties[PostgresSiloConfigurator.ConnectionStringKey] = connectionString;
        builder.AddSiloBuilderConfigurator<PostgresSiloConfigurator>();
        builder.AddClientBuilderConfigurator<PostgresClientConfigurator>();
        return builder.Build();
    }
}
