using Chimera.Contracts.Grains;
using Chimera.Contracts.Spec;
using Chimera.Grains.Hosting;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Chimera.Tests.Grains;

/// <summary>A cluster configured for a rate-limited network (Chimera:Cadence:Conservative).</summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class ConservativeClusterFixture : ChimeraClusterFixture
{
    protected override void ConfigureSilo(ISiloBuilder silo) =>
        silo.Services.Configure<CadenceOptions>(o => o.Conservative = true);
}

[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class ConservativeCadenceTests(ConservativeClusterFixture fixture) : IClassFixture<ConservativeClusterFixture>
{
    [Fact]
    public async Task On_a_conservative_network_a_relevant_influencer_lives_through_a_120_second_heartbeat_gap()
    {
        const string id = "conservative-1";
        var now = fixture.Clock.GetUtcNow();
        var statusEvent = StatusEvents.Create(id, now, relevance: 1.0);
        (await fixture.Client.GetGrain<IStatusIngestGrain>(0).IngestAsync(StatusEvents.Sign(statusEvent))).ShouldBeEmpty();
        await Eventually.ReturnsAsync(() => fixture.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync().AsTask(), v => v?.LastEventId == statusEvent.EventId, "applied");

        fixture.Clock.Advance(HeartbeatCadence.MaxInterval);
        var view = await fixture.Client.GetGrain<IInfluencerGrain>(id).GetStatusAsync();

        view!.IsStale.ShouldBeFalse();
        view.Ttl.ShouldBe(HeartbeatCadence.MaxInterval * 2);
        view.HeartbeatInterval.ShouldBe(HeartbeatCadence.MaxInterval);
    }
}
