using System.Net;
using System.Text;
using System.Text.Json;
using Chimera.Adapters;
using Chimera.Adapters.Sidecar;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Chimera.Tests.Adapters;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class StatusSidecarTests : IAsyncLifetime
{
    private readonly RecordingTransport _transport = new();
    private readonly HttpClient _http = new();
    private StatusAdapter _adapter = null!;
    private StatusSidecar _sidecar = null!;

    public Task InitializeAsync()
    {
        _adapter = new StatusAdapter(new StatusAdapterOptions { InfluencerId = "alpha" }, DevelopmentKeys.Key, _transport, new FakeTimeProvider());
        _sidecar = new StatusSidecar(_adapter, new IPEndPoint(IPAddress.Loopback, Chimera.Testing.LoopbackPorts.GetFree()));
        _sidecar.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _sidecar.DisposeAsync();
        await _adapter.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task PostStatus_OnLoopback_PublishesTheReport()
    {
        const string body = """{"status":"busy","capabilities":["video-gen:v2"],"current_task":"render","load":0.4,"confidence":0.9,"relevance_score":0.8}""";

        using var response = await _http.PostAsync(new Uri(_sidecar.Prefix, "status"), new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var published = _transport.Events().ShouldHaveSingleItem();
        published.Status.ShouldBe(InfluencerStatus.Busy);
        published.CurrentTask.ShouldBe("render");
        published.RelevanceScore.ShouldBe(0.8);
    }

    [Fact]
    public async Task PostStatus_WithBadJson_Returns400WithTheViolations()
    {
        using var malformed = await _http.PostAsync(new Uri(_sidecar.Prefix, "status"), new StringContent("{not json", Encoding.UTF8, "application/json"));
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Codes(malformed)).ShouldBe(["malformed_json"]);

        const string invalid = """{"status":"sleeping","capabilities":["video-gen"],"load":2}""";
        using var bad = await _http.PostAsync(new Uri(_sidecar.Prefix, "status"), new StringContent(invalid, Encoding.UTF8, "application/json"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Codes(bad)).ShouldBe(["unknown_status", "bad_capability"]);

        // Types are right but a range is not: the adapter's wire validation answers.
        const string outOfRange = """{"status":"online","capabilities":[],"load":2}""";
        using var range = await _http.PostAsync(new Uri(_sidecar.Prefix, "status"), new StringContent(outOfRange, Encoding.UTF8, "application/json"));
        range.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Codes(range)).ShouldBe(["out_of_range"]);

        _transport.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Health_ReportsTheAdapter()
    {
        using var response = await _http.GetAsync(new Uri(_sidecar.Prefix, "health"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("influencer_id").GetString().ShouldBe("alpha");
        json.RootElement.GetProperty("buffered").GetInt32().ShouldBe(0);
    }

    [Fact]
    public void NonLoopbackListenAddress_IsRefused()
    {
        Should.Throw<ArgumentException>(() => new StatusSidecar(_adapter, new IPEndPoint(IPAddress.Any, 7300))).Message.ShouldContain("loopback");
        Should.Throw<FormatException>(() => StatusSidecar.ParseListen("0.0.0.0:7300"));
        StatusSidecar.ParseListen("localhost:7301").ShouldBe(new IPEndPoint(IPAddress.Loopback, 7301));
    }

    private static async Task<string[]> Codes(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("code").GetString()!)];
    }

}
