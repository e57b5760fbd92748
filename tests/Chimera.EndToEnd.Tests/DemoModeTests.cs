using Chimera.Testing;

namespace Chimera.EndToEnd.Tests;

/// <summary>The README's first command: the silo on embedded defaults with simulated adapters shows the registry live.</summary>
public sealed class DemoModeTests
{
    [Fact]
    public async Task The_demo_silo_shows_its_simulated_influencers_and_a_routing_decision()
    {
        await using var silo = await SiloProcess.StartAsync(arguments: ["--demo", "4", "--Chimera:Demo:RefreshInterval=00:00:01"]);

        await Eventually.TrueAsync(
            () => Task.FromResult(silo.Output.Contains("── Chimera registry", StringComparison.Ordinal) && silo.Output.Contains("4 influencers", StringComparison.Ordinal)),
            "the live registry view with 4 influencers");

        silo.Output.ShouldContain("alpha");
        silo.Output.ShouldContain("delta");
        silo.Output.ShouldContain("route video-gen:v2 (high cost, 3):");

        // The simulated adapters are real clients of the silo: the CLI sees the same registry.
        var list = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.CliDll, "--gateway", silo.Gateway, "list"]);
        list.ExitCode.ShouldBe(0, list.ToString());
        list.StandardOutput.ShouldContain("bravo");
    }
}
