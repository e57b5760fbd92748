using System.Collections.Immutable;
using System.Net;
using Chimera.Postgres.Migrations;
using Chimera.Silo.Hosting;
using Chimera.Silo.Http.Health;
using Chimera.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chimera.Tests.Silo.Http;

/// <summary>The readiness checks one by one: each says unhealthy, with the reason, when its condition does not hold.</summary>
[Trait(TestCategories.Name, TestCategories.Postgres)]
public sealed class HealthCheckTests
{
    private static readonly SiloAddress Self = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);

    [Theory]
    [InlineData(SiloStatus.Joining, false)]
    [InlineData(SiloStatus.Active, true)]
    [InlineData(SiloStatus.ShuttingDown, false)]
    [InlineData(SiloStatus.Dead, false)]
    public async Task Cluster_is_ready_only_while_this_silo_is_active(SiloStatus status, bool ready)
    {
        var check = new ClusterMembershipHealthCheck(new FixedMembership(status), new LocalSilo());

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        result.Status.ShouldBe(ready ? HealthStatus.Healthy : HealthStatus.Unhealthy);
        result.Description!.ShouldContain(ready ? "is active" : status.ToString());
    }

    [Fact]
    public async Task Schema_is_ready_only_when_current_and_says_what_to_run()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        var database = await postgres.CreateDatabaseAsync();
        var check = new SchemaHealthCheck(new SiloProfile(database, null));

        var behind = await check.CheckHealthAsync(new HealthCheckContext());
        behind.Status.ShouldBe(HealthStatus.Unhealthy);
        behind.Description!.ShouldContain("migrate");

        await new DatabaseMigrator().MigrateAsync(database);
        (await check.CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Healthy);

        var missing = new SchemaHealthCheck(new SiloProfile(postgres.ConnectionStringFor("no_such_database"), null));
        var absent = await missing.CheckHealthAsync(new HealthCheckContext());
        absent.Status.ShouldBe(HealthStatus.Unhealthy);
        absent.Description!.ShouldContain("did not answer");

        (await new SchemaHealthCheck(new SiloProfile(null, null)).CheckHealthAsync(new HealthCheckContext())).Status.ShouldBe(HealthStatus.Healthy);
    }

    private sealed class FixedMembership(SiloStatus status) : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot { get; } = new(
            ImmutableDictionary<SiloAddress, ClusterMember>.Empty.Add(Self, new ClusterMember(Self, status, "self")), new MembershipVersion(1));

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => Task.FromResult(false);
    }

    private sealed class LocalSilo : ILocalSiloDetails
    {
        public string Name => "self";

        public string ClusterId => "chimera";

        public string DnsHostName => "localhost";

        public SiloAddress SiloAddress => Self;

        public SiloAddress GatewayAddress => Self;
    }
}
