using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Scripts;

/// <summary>The CLI ships as a dotnet tool (PackAsTool): pack it, install it from the package, run it.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class PackagingTests
{
    [Fact]
    public async Task The_cli_packs_as_a_dotnet_tool_that_installs_and_runs()
    {
        var work = Directory.CreateTempSubdirectory("chimera-tool-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var tools = Path.Combine(work.FullName, "tools");
            var pack = await ProcessRunner.RunAsync("dotnet",
                ["pack", Path.Combine(RepositoryLayout.Root, "Chimera.Cli", "Chimera.Cli.csproj"), "-c", RepositoryLayout.Configuration, "--no-build", "-o", feed, "-nologo"],
                timeout: TimeSpan.FromMinutes(5));
            pack.ExitCode.ShouldBe(0, pack.ToString());
            Directory.GetFiles(feed, "chimera-cli.*.nupkg").ShouldHaveSingleItem();

            var install = await ProcessRunner.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", feed, "chimera-cli"], timeout: TimeSpan.FromMinutes(5));
            install.ExitCode.ShouldBe(0, install.ToString());

            var help = await ProcessRunner.RunAsync(Path.Combine(tools, "chimera"), ["--help"]);
            help.ExitCode.ShouldBe(0, help.ToString());
            help.StandardOutput.ShouldContain("watch");
            help.StandardOutput.ShouldContain("top");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_bench_parses_its_arguments_with_System_CommandLine()
    {
        var bench = Path.Combine(RepositoryLayout.Root, "bench", "Chimera.Bench", "bin", RepositoryLayout.Configuration, "net10.0", "Chimera.Bench.dll");
        File.Exists(bench).ShouldBeTrue($"{bench} is not built (scripts/test.sh builds the solution)");

        var help = await ProcessRunner.RunAsync("dotnet", [bench, "--help"]);
        help.ExitCode.ShouldBe(0, help.ToString());
        help.StandardOutput.ShouldContain("--only");
        help.StandardOutput.ShouldContain("--quick");

        var unknown = await ProcessRunner.RunAsync("dotnet", [bench, "--only", "gate,warp"]);
        unknown.ExitCode.ShouldBe(2, unknown.ToString());
        unknown.StandardError.ShouldContain("warp");
        (await ProcessRunner.RunAsync("dotnet", [bench, "--fast"])).ExitCode.ShouldBe(2);
    }
}
