using System.Net;
using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Http;

/// <summary>The silo's HTTP port on the embedded profile (spec §10): health, Prometheus metrics, the page, its API, the dashboard.</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class EmbeddedHttpTests : IAsyncLifetime
{
    private SiloProcess _silo = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync();
        _http = SiloHttp.Client(_silo);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task Live_and_ready_answer_200_and_ready_lists_each_check()
    {
        var (liveStatus, _) = await SiloHttp.GetJsonAsync(_http, "/health/live");
        liveStatus.ShouldBe(200);

        var (status, body) = await Eventually.ReturnsAsync(() => SiloHttp.GetJsonAsync(_http, "/health/ready"), r => r.Status == 200, "the silo to be ready");
        body.GetProperty("status").GetString().ShouldBe("healthy");
        var checks = body.GetProperty("checks");
        foreach (var name in new[] { "cluster", "schema", "redis", "receivers" })
        {
            checks.GetProperty(name).GetProperty("status").GetString().ShouldBe("healthy", name);
        }

        checks.GetProperty("cluster").GetProperty("description").GetString()!.ShouldContain("is active");
        status.ShouldBe(200);
    }

    [Fact]
    public async Task Metrics_are_Prometheus_text_with_Chimeras_Orleans_and_the_runtimes_families()
    {
        (await SiloHttp.CliAsync(_silo, "publish", "--influencer", "metrics-alpha", "--status", "online", "--capability", "video-gen:v2", "--confidence", "0.3")).ExitCode.ShouldBe(0);
        await Eventually.TrueAsync(async () => (await SiloHttp.CliAsync(_silo, "route", "--capability", "video-gen:v2", "--cost", "high")).StandardOutput.Contains("probe scheduled", StringComparison.Ordinal), "a high-cost route that schedules a probe");

        var (families, text) = await Eventually.ReturnsAsync(() => SiloHttp.MetricsAsync(_http),
            m => m.Families.Contains("chimera_registry_influencers") && m.Text.Contains("chimera_probes_open{otel_scope_name=\"Chimera\"} 1", StringComparison.Ordinal),
            "the registry and probe gauges to be published");

        foreach (var family in new[] { "chimera_ingest_lag_seconds", "chimera_route_duration_seconds", "chimera_registry_influencers", "chimera_probes_open", "chimera_events_changes_total" })
        {
            families.ShouldContain(family);
        }

        families.ShouldContain(f => f.StartsWith("orleans_", StringComparison.Ordinal));
        families.ShouldContain(f => f.StartsWith("dotnet_gc", StringComparison.Ordinal));
        text.ShouldContain("chimera_registry_influencers{otel_scope_name=\"Chimera\",status=\"online\"} 1");
        text.ShouldContain("chimera_registry_influencers{otel_scope_name=\"Chimera\",status=\"maintenance\"} 0");
        text.ShouldContain("chimera_ingest_lag_seconds_count{otel_scope_name=\"Chimera\",kind=\"change\"} 1");
        text.ShouldContain("chimera_route_duration_seconds_bucket{otel_scope_name=\"Chimera\",cost=\"high\"");
        using var response = await _http.GetAsync("/metrics");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
    }

    [Fact]
    public async Task The_page_its_assets_and_the_dashboard_are_served()
    {
        var page = await _http.GetStringAsync("/");
        page.ShouldContain("<title>Chimera registry</title>");
        (await _http.GetStringAsync("/page/app.js")).ShouldContain("EventSource");
        (await _http.GetAsync("/page/app.css")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Embedded profile: the Orleans Dashboard is on by default.
        var dashboard = await _http.GetAsync("/dashboard/");
        dashboard.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await dashboard.Content.ReadAsStringAsync()).ShouldContain("Orleans", Case.Insensitive);
    }

    [Theory]
    [InlineData("/api/influencers?status=sleeping", "status 'sleeping'")]
    [InlineData("/api/influencers?capability=video-gen", "video-gen")]
    [InlineData("/api/influencers?stale=maybe", "stale 'maybe'")]
    [InlineData("/api/influencers?limit=0", "limit must be")]
    [InlineData("/api/changes?after=-1", "after must be")]
    [InlineData("/api/changes?limit=5000", "limit must be")]
    public async Task Bad_api_queries_are_400_with_the_reason(string path, string reason)
    {
        var (status, body) = await SiloHttp.GetJsonAsync(_http, path);

        status.ShouldBe(400);
        body.GetProperty("error").GetString()!.ShouldContain(reason);
    }

    [Fact]
    public async Task A_route_with_no_required_capability_is_answered_spec_section_5_possibly_none()
    {
        var (status, _) = await SiloHttp.PostJsonAsync(_http, "/api/route", new { capabilities = Array.Empty<string>() });
        status.ShouldBe(200);
    }

    [Fact]
    public async Task Bad_route_requests_and_stream_positions_are_refused()
    {
        (await SiloHttp.PostJsonAsync(_http, "/api/route", new { capabilities = Enumerable.Range(0, 33).Select(i => $"c{i}:v1").ToArray() })).Status.ShouldBe(400);
        using (var body = new StringContent("null", System.Text.Encoding.UTF8, "application/json"))
        {
            (await _http.PostAsync("/api/route", body)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        (await SiloHttp.PostJsonAsync(_http, "/api/route", new { capabilities = new[] { "video-gen:v2" }, cost = "free" })).Status.ShouldBe(400);
        (await SiloHttp.PostJsonAsync(_http, "/api/route", new { capabilities = new[] { "video-gen:v2" }, count = 101 })).Status.ShouldBe(400);
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        (await _http.PostAsync("/api/route", content)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _http.GetAsync("/api/changes/stream?from=-4")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_change_stream_is_server_sent_events_resumable_with_last_event_id()
    {
        (await SiloHttp.CliAsync(_silo, "publish", "--influencer", "sse-one", "--status", "online")).ExitCode.ShouldBe(0);
        (await SiloHttp.CliAsync(_silo, "publish", "--influencer", "sse-two", "--status", "busy")).ExitCode.ShouldBe(0);
        var (_, page) = await Eventually.ReturnsAsync(() => SiloHttp.GetJsonAsync(_http, "/api/changes?after=0&limit=1000"),
            r => r.Body.GetProperty("changes").EnumerateArray().Count(c => c.GetProperty("influencer_id").GetString()!.StartsWith("sse-", StringComparison.Ordinal)) == 2,
            "both changes in the change stream");
        var revisions = page.GetProperty("changes").EnumerateArray()
            .Where(c => c.GetProperty("influencer_id").GetString()!.StartsWith("sse-", StringComparison.Ordinal))
            .Select(c => c.GetProperty("revision").GetInt64()).ToList();

        // As a browser reconnecting after the first change: Last-Event-ID says where it was.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/changes/stream");
        request.Headers.Add("Last-Event-ID", revisions[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var ids = new List<long>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (!ids.Contains(revisions[1]))
            {
                var line = await reader.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException($"the stream ended before revision {revisions[1]}; ids seen: [{string.Join(", ", ids)}]");
                if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    ids.Add(long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"the SSE stream resumed after {revisions[0]} did not send revision {revisions[1]} within 30 s; ids seen: [{string.Join(", ", ids)}]");
        }

        ids[0].ShouldBe(revisions[0] + 1);
        ids.ShouldNotContain(revisions[0]);
        ids.ShouldBeInOrder(SortDirection.Ascending);
    }
}
