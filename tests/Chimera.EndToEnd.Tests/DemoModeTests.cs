using Chimera.Testing;

namespace Chimera.EndToEnd.Tests;

/// <summary>The README's first command: the silo on embedded defaults with simulated adapters shows the registry live.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
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
        var list = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.CliDll, "--gateway", silo.Gateway, "--connect-timeout", "60", "list"]);
        list.ExitCode.ShouldBe(0, list.ToString());
        list.StandardOutput.ShouldContain("bravo");
    }

    [Fact]
    public async Task The_demo_answers_the_probes_it_schedules_so_most_pass_and_some_fail()
    {
        // Every other simulated influencer fails its probes; the low-confidence ones among the 12 include both kinds.
        await using var silo = await SiloProcess.StartAsync(arguments: ["--demo", "12", "--Chimera:Demo:RefreshInterval=00:00:01",
            "--Chimera:Demo:ProbeAnswerDelay=00:00:00.2", "--Chimera:Demo:ProbeFailureRate=0.5"]);

        var results = await Eventually.ReturnsAsync(
            async () => (await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.CliDll, "--gateway", silo.Gateway, "--connect-timeout", "60", "--json", "watch", "--from", "0", "--kind", "probe_result", "--count", "1"]))
                .StandardOutput,
            output => output.Contains("probe_result", StringComparison.Ordinal), "a probe result");
        results.ShouldContain("demo:");

        // Both outcomes, recorded as audit rows, and the trust score of a passed influencer moved.
        var passed = await Eventually.ReturnsAsync(() => Task.FromResult(silo.Output), o => o.Contains(": passed", StringComparison.Ordinal) && o.Contains(": failed", StringComparison.Ordinal), "a passed and a failed probe");
        var line = passed.Split('\n').First(l => l.Contains("answered probe", StringComparison.Ordinal) && l.EndsWith(": passed", StringComparison.Ordinal));
        var influencer = line.Split("Demo: ")[1].Split(' ')[0];
        var status = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.CliDll, "--gateway", silo.Gateway, "--connect-timeout", "60", "--json", "status", influencer]);
        var view = System.Text.Json.JsonDocument.Parse(status.StandardOutput).RootElement;
        view.GetProperty("probes_passed").GetInt32().ShouldBeGreaterThan(0);
        var confidence = view.GetProperty("confidence").GetDouble();
        var withoutProbes = Chimera.Contracts.Spec.TrustScore.Compute(confidence, 0, 0);
        view.GetProperty("trust_score").GetDouble().ShouldBeGreaterThan(withoutProbes, "a passed probe raises the trust score above what confidence alone gives");
    }
}
