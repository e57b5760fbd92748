using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Scripts;

/// <summary>
/// scripts/cluster.sh up 2 | status | down, and the README's production-path CLI commands against that cluster
/// (with -c Release builds, --postgres / --gateway, and the adapter key flags), as a new user would run them.
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class ClusterScriptTests
{
    [Fact]
    public async Task The_cluster_script_starts_two_silos_that_serve_the_readme_commands_and_stops_everything()
    {
        var dir = Directory.CreateTempSubdirectory("chimera-cluster-");
        var offset = FreeOffset();
        var environment = new Dictionary<string, string>
        {
            ["CHIMERA_CLUSTER_DIR"] = dir.FullName,
            ["CHIMERA_CLUSTER_PORT_OFFSET"] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        try
        {
            var up = await Script(environment, "up", "2");
            up.ExitCode.ShouldBe(0, up.ToString());
            up.StandardOutput.ShouldContain("silo 0 ready");
            up.StandardOutput.ShouldContain("silo 1 ready");
            up.StandardOutput.ShouldContain("created database chimera");

            var status = await Script(environment, "status");
            status.ExitCode.ShouldBe(0, status.ToString());
            status.StandardOutput.ShouldContain("silo 0: pid");
            status.StandardOutput.ShouldContain("ready");
            status.StandardOutput.Split('\n').Count(l => l.Contains(" active ", StringComparison.Ordinal)).ShouldBe(2, status.ToString());

            // The README's commands, with this cluster's ports.
            var postgres = $"Host=127.0.0.1;Port={5433 + offset};Username=postgres;Database=chimera";
            var gateway = $"127.0.0.1:{30000 + offset}";
            string[] key = ["--adapter-id", "adapter-local", "--key-id", "k1", "--secret-file", Path.Combine(dir.FullName, "adapter.secret")];
            var viaOrleans = await Cli(["--gateway", gateway, "publish", "--influencer", "alpha", "--status", "online", "--capability", "video-gen:v2", "--relevance", "0.75", .. key]);
            viaOrleans.ExitCode.ShouldBe(0, viaOrleans.ToString());
            var viaRedis = await Cli(["publish", "--influencer", "beta", "--status", "busy", "--via", "redis", "--redis", $"127.0.0.1:{6380 + offset}", .. key]);
            viaRedis.ExitCode.ShouldBe(0, viaRedis.ToString());
            var devKey = await Cli("publish", "--influencer", "gamma", "--status", "busy", "--via", "redis", "--redis", $"127.0.0.1:{6380 + offset}");
            devKey.ExitCode.ShouldBe(2, devKey.ToString());

            var list = await Eventually.ReturnsAsync(() => Cli("--postgres", postgres, "list"), r => r.StandardOutput.Contains("beta", StringComparison.Ordinal), "alpha and beta in the list");
            list.StandardOutput.ShouldContain("alpha");
            (await Cli("--gateway", gateway, "status", "alpha")).ExitCode.ShouldBe(0);
            // alpha's adapter keeps beating, as a real one would: its TTL (about 105 s) must not run out while a slow box
            // works through the commands above. The same status again is a heartbeat, so the watch below is unchanged.
            (await Cli(["--gateway", gateway, "publish", "--influencer", "alpha", "--status", "online", "--capability", "video-gen:v2", "--relevance", "0.75", .. key])).ExitCode.ShouldBe(0);
            await Eventually.ReturnsAsync(() => Cli("--postgres", postgres, "route", "--capability", "video-gen:v2", "--count", "3"),
                r => r.StandardOutput.Contains("alpha", StringComparison.Ordinal), "route to answer alpha");
            var watch = await Cli("--postgres", postgres, "--json", "watch", "--from", "0", "--count", "2");
            watch.ExitCode.ShouldBe(0, watch.ToString());
            watch.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("influencer_id").GetString())
                .ShouldBe(["alpha", "beta"], ignoreOrder: true);
            var history = await Cli("--gateway", gateway, "history", "alpha");
            history.StandardOutput.ShouldContain("status_change");

            var down = await Script(environment, "down");
            down.ExitCode.ShouldBe(0, down.ToString());
            var after = await Script(environment, "status");
            after.StandardOutput.ShouldContain("no silos started");
            after.StandardOutput.ShouldContain("PostgreSQL: not running");
            after.StandardOutput.ShouldContain("Redis: not running");
        }
        finally
        {
            await Script(environment, "down");
            dir.Delete(recursive: true);
        }
    }

    // A deadline, not a measurement: `up 2` builds the silo (incrementally), starts PostgreSQL, Redis and two silos, and
    // took over 5 minutes while the other test assemblies loaded both cores.
    private static Task<ProcessRunner.Result> Script(Dictionary<string, string> environment, params string[] arguments) =>
        ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryLayout.Root, "scripts", "cluster.sh"), .. arguments], environment, TimeSpan.FromMinutes(10));

    private static Task<ProcessRunner.Result> Cli(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [RepositoryLayout.CliDll, "--connect-timeout", "60", .. arguments]);

    // An offset at which every port the script uses (PostgreSQL, Redis, two silos' silo, gateway and HTTP ports) is free now.
    private static int FreeOffset()
    {
        var random = new Random();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var offset = random.Next(1_000, 25_000);
            int[] ports = [5433 + offset, 6380 + offset, 11111 + offset, 11112 + offset, 30000 + offset, 30001 + offset, 8080 + offset, 8081 + offset];
            if (ports.All(IsFree))
            {
                return offset;
            }
        }

        throw new InvalidOperationException("no free port offset for the cluster script");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
