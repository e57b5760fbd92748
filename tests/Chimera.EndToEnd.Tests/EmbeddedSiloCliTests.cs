using System.Text.Json;
using Chimera.Testing;

namespace Chimera.EndToEnd.Tests;

/// <summary>
/// The real silo process on embedded defaults (no servers), driven by the real CLI: the README's first
/// command and the CLI's contract (exit codes, JSON output) together.
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class EmbeddedSiloCliTests : IAsyncLifetime
{
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_published_status_is_served_by_status_list_and_route()
    {
        var published = await CliAsync("publish", "--influencer", "alpha", "--status", "online", "--capability", "video-gen:v3",
            "--capability", "captioning:v1", "--load", "0.2", "--confidence", "0.9", "--relevance", "0.75");
        published.ExitCode.ShouldBe(0, published.ToString());

        var status = await Eventually.ReturnsAsync(() => CliAsync("--json", "status", "alpha"), r => r.ExitCode == 0, "alpha's status");
        using (var view = JsonDocument.Parse(status.StandardOutput))
        {
            view.RootElement.GetProperty("influencer_id").GetString().ShouldBe("alpha");
            view.RootElement.GetProperty("status").GetString().ShouldBe("online");
            view.RootElement.GetProperty("load").GetDouble().ShouldBe(0.2);
        }

        var route = await Eventually.ReturnsAsync(() => CliAsync("--json", "route", "--capability", "video-gen:v2", "--count", "3"), r => r.ExitCode == 0, "a route to alpha");
        route.StandardOutput.ShouldContain("\"alpha\"");

        var list = await CliAsync("list", "--capability", "captioning:v1");
        list.ExitCode.ShouldBe(0, list.ToString());
        list.StandardOutput.ShouldContain("alpha");
    }

    [Fact]
    public async Task Bad_input_and_unknown_influencers_get_their_exit_codes()
    {
        var badCapability = await CliAsync("publish", "--influencer", "beta", "--status", "online", "--capability", "video-gen");
        badCapability.ExitCode.ShouldBe(2, badCapability.ToString());
        badCapability.StandardError.ShouldContain("video-gen");

        var badStatus = await CliAsync("publish", "--influencer", "beta", "--status", "sleeping");
        badStatus.ExitCode.ShouldBe(2, badStatus.ToString());

        var unknown = await CliAsync("status", "nobody-here");
        unknown.ExitCode.ShouldBe(1, unknown.ToString());

        var nobody = await CliAsync("route", "--capability", "no-such-skill:v1");
        nobody.ExitCode.ShouldBe(1, nobody.ToString());
    }

    [Fact]
    public async Task Watch_streams_changes_as_json_lines_in_revision_order_with_filters()
    {
        foreach (var (id, status) in new[] { ("watch-a", "online"), ("watch-b", "busy"), ("watch-a", "maintenance") })
        {
            (await CliAsync("publish", "--influencer", id, "--status", status)).ExitCode.ShouldBe(0);
        }

        // From the beginning, only watch-a: both of its changes, as one JSON document per line.
        var all = await CliAsync("--json", "watch", "--from", "0", "--influencer", "watch-a", "--count", "2");
        all.ExitCode.ShouldBe(0, all.ToString());
        var lines = all.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        var changes = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        changes.Select(c => c.GetProperty("influencer_id").GetString()).ShouldBe(["watch-a", "watch-a"]);
        changes.Select(c => c.GetProperty("new_status").GetString()).ShouldBe(["online", "maintenance"]);
        changes.Select(c => c.GetProperty("kind").GetString()).ShouldBe(["status_change", "status_change"]);
        var revisions = changes.Select(c => c.GetProperty("revision").GetInt64()).ToList();
        revisions[0].ShouldBeLessThan(revisions[1]);

        // Resuming after the first revision gives exactly the next one; a status filter narrows further.
        var resumed = await CliAsync("--json", "watch", "--from", revisions[0].ToString(System.Globalization.CultureInfo.InvariantCulture), "--influencer", "watch-a", "--count", "1");
        JsonDocument.Parse(resumed.StandardOutput).RootElement.GetProperty("revision").GetInt64().ShouldBe(revisions[1]);
        var busy = await CliAsync("watch", "--from", "0", "--status", "busy", "--kind", "status_change", "--count", "1");
        busy.ExitCode.ShouldBe(0, busy.ToString());
        busy.StandardOutput.ShouldContain("watch-b");
        busy.StandardOutput.ShouldContain("status_change");
    }

    [Fact]
    public async Task Top_is_the_polling_view()
    {
        (await CliAsync("publish", "--influencer", "top-a", "--status", "idle")).ExitCode.ShouldBe(0);

        var top = await Eventually.ReturnsAsync(() => CliAsync("top", "--iterations", "1"), r => r.StandardOutput.Contains("top-a", StringComparison.Ordinal), "top to list top-a");

        top.ExitCode.ShouldBe(0, top.ToString());
        top.StandardOutput.ShouldContain("chimera top #1");
    }

    [Fact]
    public async Task Counts_json_lists_every_status_zeros_included()
    {
        var counts = await CliAsync("--json", "counts");

        counts.ExitCode.ShouldBe(0, counts.ToString());
        var byStatus = JsonDocument.Parse(counts.StandardOutput).RootElement.GetProperty("by_status");
        foreach (var status in new[] { "online", "idle", "busy", "maintenance", "offline" })
        {
            byStatus.TryGetProperty(status, out _).ShouldBeTrue(status);
        }
    }

    [Fact]
    public async Task An_unreachable_gateway_exits_3()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [RepositoryLayout.CliDll, "--gateway", $"127.0.0.1:{LoopbackPorts.GetFree()}", "--connect-timeout", "3", "status", "alpha"]);

        result.ExitCode.ShouldBe(3, result.ToString());
    }

    private Task<ProcessRunner.Result> CliAsync(params string[] arguments) =>
        // A generous connect timeout: the machine may be loaded; the exit-3 test sets its own short one.
        ProcessRunner.RunAsync("dotnet", [RepositoryLayout.CliDll, "--gateway", _silo.Gateway, "--connect-timeout", "60", .. arguments]);
}
