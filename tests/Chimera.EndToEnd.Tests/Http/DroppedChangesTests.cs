using System.Net;
using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Http;

/// <summary>
/// Spec §12 on the embedded profile, whose audit log keeps only the newest rows (<c>Chimera:Embedded:AuditCapacity</c>,
/// set to 3 here): a reader that asks for revisions already dropped is told which, on every surface — HTTP 410 from
/// <c>/api/changes</c>, a <c>gap</c> event on the SSE stream, exit 1 from <c>chimera watch</c> — and is never moved
/// past them as if they had not existed. A real silo process, the real CLI.
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class DroppedChangesTests(DroppedChangesTests.Silo fixture) : IClassFixture<DroppedChangesTests.Silo>
{
    private const int Influencers = 6;
    private const int Capacity = 3;

    /// <summary>One silo for the class: six first appearances, six status_change rows (revisions 1-6), of which it keeps 4-6.</summary>
    public sealed class Silo : IAsyncLifetime
    {
        public SiloProcess Process { get; private set; } = null!;

        public HttpClient Http { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Process = await SiloProcess.StartAsync(arguments: [$"--Chimera:Embedded:AuditCapacity={Capacity}"]);
            Http = SiloHttp.Client(Process);
            for (var i = 0; i < Influencers; i++)
            {
                var published = await SiloHttp.CliAsync(Process, "publish", "--influencer", $"dropped-{i}", "--status", "online", "--capability", "video-gen:v2");
                published.ExitCode.ShouldBe(0, published.ToString());
            }

            await Eventually.TrueAsync(async () => (await SiloHttp.GetJsonAsync(Http, $"/api/changes?after={Influencers - 1}")).Body.GetProperty("changes").GetArrayLength() == 1,
                $"revision {Influencers} recorded; silo output:\n{Process.Output}");
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await Process.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_page_after_a_dropped_revision_is_410_Gone_with_the_oldest_retained()
    {
        var (status, body) = await SiloHttp.GetJsonAsync(fixture.Http, "/api/changes?after=0");

        status.ShouldBe(410);
        body.GetProperty("oldest_retained").GetInt64().ShouldBe(Influencers - Capacity + 1);
        body.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain($"revisions 1-{Influencers - Capacity}");

        // A reader already past the dropped rows is served as usual.
        var (retainedStatus, retained) = await SiloHttp.GetJsonAsync(fixture.Http, $"/api/changes?after={Influencers - Capacity}");
        retainedStatus.ShouldBe(200);
        retained.GetProperty("changes").GetArrayLength().ShouldBe(Capacity);
    }

    [Fact]
    public async Task The_stream_from_a_dropped_revision_names_the_gap_then_goes_on_from_the_oldest_retained()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await fixture.Http.GetAsync("/api/changes/stream?from=0", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        var events = new List<(string Event, string Data, string? Id)>();
        string? name = null, data = null, id = null;
        while (events.Count(e => e.Event == "change") < Capacity)
        {
            var line = await reader.ReadLineAsync(cancel.Token)
                ?? throw new InvalidOperationException($"the stream ended after {events.Count} events: {string.Join(" | ", events)}");
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    events.Add((name, data ?? "", id));
                }

                (name, data, id) = (null, null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
        }

        events[0].ShouldBe(("position", "0", null));
        events[1].ShouldBe(("gap", $"1-{Influencers - Capacity}", null), "the dropped revisions are named before anything else");
        events.Where(e => e.Event == "change").Select(e => e.Id).ShouldBe(
            Enumerable.Range(Influencers - Capacity + 1, Capacity).Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Watch_from_a_dropped_revision_exits_1_naming_the_missing_revisions()
    {
        var watch = await SiloHttp.CliAsync(fixture.Process, "watch", "--from", "0", "--count", "1");

        watch.ExitCode.ShouldBe(1, watch.ToString());
        watch.StandardError.ShouldContain($"revisions 1-{Influencers - Capacity}");
        watch.StandardOutput.ShouldNotContain("dropped-", customMessage: "no change may be printed as if it followed revision 0");

        var fromRetained = await SiloHttp.CliAsync(fixture.Process, "watch", "--from", $"{Influencers - Capacity}", "--count", "1");
        fromRetained.ExitCode.ShouldBe(0, fromRetained.ToString());
        fromRetained.StandardOutput.ShouldContain("dropped-");
    }
}
