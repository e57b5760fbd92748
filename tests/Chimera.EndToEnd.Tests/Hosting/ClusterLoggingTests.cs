using System.Text.Json;
using System.Text.RegularExpressions;
using Chimera.EndToEnd.Tests.Http;
using Chimera.Postgres.Migrations;
using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Hosting;

/// <summary>
/// The logs answer basic cluster questions: every console line has a UTC timestamp, and a silo logs at Information
/// when another joins, leaves or is declared dead (PostgreSQL membership, two silo processes).
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed partial class ClusterLoggingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    // Short failure detection (Chimera:Membership binds Orleans' ClusterMembershipOptions), so "declared dead" comes in seconds.
    // The probe settings are the suite's tolerant ones (a healthy silo on a loaded box is not evicted).
    private static readonly string[] FastMembership =
    [
        .. TolerantMembership.Arguments,
        "--Chimera:Membership:NumVotesForDeathDeclaration=1", "--Chimera:Membership:TableRefreshTimeout=00:00:01",
        "--Chimera:Membership:IAmAliveTablePublishTimeout=00:00:02",
    ];

    [Fact]
    public async Task Silos_log_with_timestamps_when_another_joins_leaves_or_is_declared_dead()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        var database = await postgres.CreateDatabaseAsync();
        await new DatabaseMigrator().MigrateAsync(database);
        var environment = ProductionKey.SiloEnvironment(database, redis: null);
        await using var first = await SiloProcess.StartAsync(environment, FastMembership, Deadline);
        await using var second = await SiloProcess.StartAsync(environment, FastMembership, Deadline);
        await using var third = await SiloProcess.StartAsync(environment, FastMembership, Deadline);
        var secondAddress = $"127.0.0.1:{second.SiloPort}";
        var thirdAddress = $"127.0.0.1:{third.SiloPort}";

        await Eventually.TrueAsync(() => Task.FromResult(Logged(first, secondAddress, "joined the cluster") && Logged(first, thirdAddress, "joined the cluster")),
            "the first silo to log the others joining", Deadline);

        await second.StopAsync(Deadline);
        await Eventually.TrueAsync(() => Task.FromResult(Logged(first, secondAddress, "left the cluster")), "the first silo to log the second one leaving", Deadline);

        third.Kill();
        await Eventually.TrueAsync(() => Task.FromResult(Logged(first, thirdAddress, "was declared dead")), $"the first silo to log the third one declared dead:\n{first.Output}", Deadline);

        foreach (var line in first.Output.Split('\n').Where(l => l.Contains("info:", StringComparison.Ordinal) || l.Contains("warn:", StringComparison.Ordinal)))
        {
            Timestamped().IsMatch(line).ShouldBeTrue(line);
        }
    }

    [Fact]
    public async Task Json_logs_are_one_object_per_line_with_a_timestamp()
    {
        await using var silo = await SiloProcess.StartAsync(arguments: ["--json-logs"]);

        var lines = await Eventually.ReturnsAsync(() => Task.FromResult(silo.Output.Split('\n').Where(l => l.StartsWith('{')).ToList()),
            l => l.Any(x => x.Contains("joined the cluster", StringComparison.Ordinal)), "a JSON log line for the silo joining");
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            document.RootElement.GetProperty("Timestamp").GetString()!.ShouldEndWith("Z");
            document.RootElement.TryGetProperty("LogLevel", out _).ShouldBeTrue();
        }
    }

    private static bool Logged(SiloProcess silo, string address, string what) =>
        silo.Output.Split('\n').Any(l => l.Contains("info:", StringComparison.Ordinal) && l.Contains(address, StringComparison.Ordinal) && l.Contains(what, StringComparison.Ordinal));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (info|warn): ")]
    private static partial Regex Timestamped();
}
