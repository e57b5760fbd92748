using Chimera.Testing;

namespace Chimera.EndToEnd.Tests;

/// <summary>The silo enforces the ratified-spec list it loaded (Chimera:Specs:MetaPath), not a hard-coded one.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class RatifiedSpecListTests
{
    [Fact]
    public async Task An_event_citing_a_spec_the_operator_withdrew_is_rejected_with_unratified_spec()
    {
        var meta = Path.Combine(Path.GetTempPath(), $"chimera-meta-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(meta, """
            | spec | status | ratified on |
            |---|---|---|
            | `specs/openclaw_integration.md` | withdrawn | 2026-11-23 |
            | `specs/openclaw_integration_v2.md` | ratified | 2026-11-24 |
            """);
        try
        {
            await using var silo = await SiloProcess.StartAsync(arguments: [$"--Chimera:Specs:MetaPath={meta}"]);

            var result = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.CliDll, "--gateway", silo.Gateway, "publish", "--influencer", "alpha", "--status", "online", "--capability", "video-gen:v2"]);

            result.ExitCode.ShouldBe(4, result.ToString());
            result.StandardError.ShouldContain("unratified_spec");
            result.StandardError.ShouldContain("specs/openclaw_integration_v2.md");
        }
        finally
        {
            File.Delete(meta);
        }
    }
}
