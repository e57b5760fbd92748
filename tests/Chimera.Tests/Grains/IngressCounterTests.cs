using Chimera.Contracts.Grains;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Core.Ingress;
using Chimera.Core.Telemetry;
using Chimera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chimera.Tests.Grains;

/// <summary>
/// Spec §10's ingress counters, exactly, through a listener on this cluster's own meters (never a process-wide count):
/// <c>chimera.events.accepted</c>, <c>chimera.events.rejected{reason}</c> by first code, and
/// <c>chimera.events.deadlettered{reason}</c> once per letter, by the sink that stored it.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class IngressCounterTests(IngressCounterTests.Fixture fixture) : IClassFixture<IngressCounterTests.Fixture>
{
    [Fact]
    public async Task Accepted_rejected_and_deadlettered_are_counted_exactly_by_reason()
    {
        using var counters = new SiloCounters(fixture.Cluster.Silos.Select(s => s.ServiceProvider));
        var ingest = fixture.Client.GetGrain<IStatusIngestGrain>(0);
        var now = fixture.Clock.GetUtcNow();

        // Three valid entries.
        for (var i = 0; i < 3; i++)
        {
            (await ingest.IngestAsync(StatusEvents.Sign(StatusEvents.Create($"counted-{i}", now)))).ShouldBeEmpty();
        }

        // Two forged: one byte of the event changed after signing.
        for (var i = 0; i < 2; i++)
        {
            var signed = StatusEvents.Sign(StatusEvents.Create($"forged-{i}", now));
            var tampered = signed.EventJson.ToArray();
            tampered[^2] ^= 0x01;
            (await ingest.IngestAsync(signed with { EventJson = tampered })).Single().Code.ShouldBe(RejectCodes.BadSignature);
        }

        // One unsigned, and one correctly signed event with two violations (counted once, by its first code).
        var unsigned = StatusEvents.Sign(StatusEvents.Create("unsigned-1", now)) with { Signature = null };
        (await ingest.IngestAsync(unsigned)).Single().Code.ShouldBe(RejectCodes.Unsigned);
        var twoFaults = System.Text.Encoding.UTF8.GetBytes(Chimera.Testing.Fixtures.SeedExample.WithPayload(p =>
        {
            p.Remove("load");
            p["confidence"] = 1.5;
        }));
        var violations = await ingest.IngestAsync(HmacStatusSigner.CreateEntry(TestKeys.Any, twoFaults));
        violations.Select(v => v.Code).ShouldBe([RejectCodes.MissingField, RejectCodes.OutOfRange]);

        counters.Count("chimera.events.accepted").ShouldBe(3);
        counters.Count("chimera.events.rejected").ShouldBe(4);
        counters.Count("chimera.events.rejected", ("reason", RejectCodes.BadSignature)).ShouldBe(2);
        counters.Count("chimera.events.rejected", ("reason", RejectCodes.Unsigned)).ShouldBe(1);
        counters.Count("chimera.events.rejected", ("reason", RejectCodes.MissingField)).ShouldBe(1);
        counters.Count("chimera.events.rejected", ("reason", RejectCodes.OutOfRange)).ShouldBe(0, "only the first code counts");
        counters.Count("chimera.events.deadlettered").ShouldBe(4);
        counters.Count("chimera.events.deadlettered", ("reason", RejectCodes.BadSignature)).ShouldBe(2);
        counters.Count("chimera.events.deadlettered", ("reason", RejectCodes.Unsigned)).ShouldBe(1);
        counters.Count("chimera.events.deadlettered", ("reason", RejectCodes.MissingField)).ShouldBe(1);
    }

    /// <summary>
    /// A cluster for this class alone, whose dead-letter sink counts through the silo's meter as the production one
    /// does (the shared fixture's sink is built without one, so it could not show the count).
    /// </summary>
    public sealed class Fixture : ChimeraClusterFixture
    {
        protected override void ConfigureSilo(ISiloBuilder silo) =>
            silo.Services.AddSingleton<IDeadLetterSink>(sp => new InMemoryDeadLetterSink(NullLogger<InMemoryDeadLetterSink>.Instance, sp.GetRequiredService<ChimeraMetrics>()));
    }
}
