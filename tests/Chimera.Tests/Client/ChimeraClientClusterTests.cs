using Chimera.Client;
using Chimera.Adapters;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Testing;
using Chimera.Tests.Grains;
using Microsoft.Extensions.Options;

namespace Chimera.Tests.Client;

/// <summary>The client and a real adapter against the real grains (two in-process silos, embedded profile).</summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class ChimeraClientClusterTests(ChimeraClusterFixture fixture) : IClassFixture<ChimeraClusterFixture>
{
    private readonly IChimeraClient _client = new ChimeraClient(fixture.Client, Options.Create(new ChimeraClientOptions()), fixture.Clock);

    [Fact]
    public async Task AdapterReport_IsVisibleThroughTheClient_AndStopMakesItOffline()
    {
        var adapter = new StatusAdapter(new StatusAdapterOptions { InfluencerId = "client-alpha" }, DevelopmentKeys.Key, new OrleansIngestTransport(fixture.Client), fixture.Clock);
        (await adapter.ReportAsync(new StatusReport(InfluencerStatus.Online, [new Capability("video-gen", 3)], null, 0.1, 0.9, 0.8))).ShouldBe(ReportOutcome.Published);

        var view = await Eventually.ReturnsAsync(() => _client.GetStatusAsync("client-alpha"), v => v is not null, "client-alpha to appear");
        view!.Status.ShouldBe(InfluencerStatus.Online);
        view.Capabilities.ShouldBe([new Capability("video-gen", 3)]);

        var route = await Eventually.ReturnsAsync(
            () => _client.RouteAsync(new RouteRequest([new Capability("video-gen", 3)], Count: 5)),
            r => r.Candidates.Any(c => c.InfluencerId == "client-alpha"),
            "client-alpha to be routable");
        route.Candidates.First(c => c.InfluencerId == "client-alpha").Status.ShouldBe(InfluencerStatus.Online);
        (await _client.ListAsync(new ListQuery(Capability: new Capability("video-gen", 3)))).Select(r => r.InfluencerId).ShouldContain("client-alpha");

        await adapter.DisposeAsync();
        var offline = await Eventually.ReturnsAsync(() => _client.GetStatusAsync("client-alpha"), v => v!.Status == InfluencerStatus.Offline, "client-alpha to go offline");
        offline!.IsStale.ShouldBeFalse();

        // Spec §3.3: offline is never stale, however long it stays silent (well past the longest TTL).
        fixture.Clock.Advance(Chimera.Contracts.Spec.HeartbeatCadence.Ttl(0.0) * 3);
        var later = await _client.GetStatusAsync("client-alpha");
        (later!.Status, later.IsStale, later.ReportedStatus).ShouldBe((InfluencerStatus.Offline, false, InfluencerStatus.Offline));
        var rows = await fixture.Audit.GetHistoryAsync(new AuditQuery("client-alpha", later.LastSeen - TimeSpan.FromHours(1), fixture.Clock.GetUtcNow() + TimeSpan.FromHours(1)));
        rows.ShouldNotContain(r => r.Kind == AuditKind.StaleDetected, "no stale row for an influencer that went offline");
    }

    [Fact]
    public async Task UnknownInfluencer_IsNull_AndBadArgumentsFailBeforeAnyCall()
    {
        (await _client.GetStatusAsync("client-nobody")).ShouldBeNull();

        await Should.ThrowAsync<ArgumentException>(() => _client.GetStatusAsync("no spaces"));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => _client.RouteAsync(new RouteRequest([new Capability("video-gen", 2)], Count: 101)));
        await Should.ThrowAsync<ArgumentException>(() => _client.RouteAsync(new RouteRequest(null!)));
    }

    [Fact]
    public async Task A_route_with_no_required_capability_matches_any_eligible_influencer()
    {
        // Spec §5: "required capabilities (possibly none)". An influencer with no capabilities at all is routable then.
        var adapter = new StatusAdapter(new StatusAdapterOptions { InfluencerId = "client-anyone" }, DevelopmentKeys.Key, new OrleansIngestTransport(fixture.Client), fixture.Clock);
        (await adapter.ReportAsync(new StatusReport(InfluencerStatus.Online, [], null, 0.1, 0.9, 0.8))).ShouldBe(ReportOutcome.Published);

        var route = await Eventually.ReturnsAsync(
            () => _client.RouteAsync(new RouteRequest([], Count: RouteRequest.MaxCount)),
            r => r.Candidates.Any(c => c.InfluencerId == "client-anyone"),
            "client-anyone (no capabilities) in a route that requires none");
        route.Candidates.Count.ShouldBeLessThanOrEqualTo(RouteRequest.MaxCount);
        (await _client.RouteAsync(new RouteRequest([new Capability("video-gen", 1)], Count: RouteRequest.MaxCount))).Candidates
            .ShouldNotContain(c => c.InfluencerId == "client-anyone", "a route that requires a capability it lacks");
        await adapter.DisposeAsync();
    }

    [Fact]
    public async Task Publish_OfAForgedEntry_ReturnsTheViolations()
    {
        var (entry, _) = SignedEventFactory.Create("client-beta", new StatusReport(InfluencerStatus.Online, []), fixture.Clock.GetUtcNow(), DevelopmentKeys.Key, Chimera.Contracts.Validation.RatifiedSpecs.Embedded());

        var violations = await _client.PublishAsync(entry with { Signature = Convert.ToBase64String(new byte[32]) });

        violations.ShouldHaveSingleItem().Code.ShouldBe("bad_signature");
    }
}
