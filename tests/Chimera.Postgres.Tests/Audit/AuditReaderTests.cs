using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Postgres.Tests.Infrastructure;
using Chimera.Testing;
using static Chimera.Postgres.Tests.Audit.AuditRecords;

namespace Chimera.Postgres.Tests.Audit;

[Trait(TestCategories.Name, TestCategories.Postgres)]
[Collection(PostgresCollection.Name)]
public sealed class AuditReaderTests(PostgresFixture fixture)
{
    private async Task<AuditLogHarness> SeedAsync()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        var harness = new AuditLogHarness(db);
        harness.Log.Start();
        // alpha: online@0, busy@10, probe scheduled@15, idle@20, stale@30; beta: online@5, maintenance@25.
        await harness.Log.AppendAsync(Change("a1", "alpha", InfluencerStatus.Online, T0));
        await harness.Log.AppendAsync(Change("b1", "beta", InfluencerStatus.Online, T0.AddMinutes(5)));
        await harness.Log.AppendAsync(Change("a2", "alpha", InfluencerStatus.Busy, T0.AddMinutes(10), InfluencerStatus.Online));
        await harness.Log.AppendAsync(Change("a3", "alpha", InfluencerStatus.Busy, T0.AddMinutes(15), kind: AuditKind.ProbeScheduled));
        await harness.Log.AppendAsync(Change("a4", "alpha", InfluencerStatus.Idle, T0.AddMinutes(20), InfluencerStatus.Busy));
        await harness.Log.AppendAsync(Change("b2", "beta", InfluencerStatus.Maintenance, T0.AddMinutes(25), InfluencerStatus.Online));
        await harness.Log.AppendAsync(Change("stale:alpha:a4", "alpha", InfluencerStatus.Offline, T0.AddMinutes(30), InfluencerStatus.Idle, AuditKind.StaleDetected));
        return harness;
    }

    [Fact]
    public async Task History_IsNewestFirst_InRange_AndPagesBySequence()
    {
        await using var harness = await SeedAsync();

        var page1 = await harness.Reader.GetHistoryAsync(new AuditQuery("alpha", T0, T0.AddMinutes(30), Limit: 2));
        var page2 = await harness.Reader.GetHistoryAsync(new AuditQuery("alpha", T0, T0.AddMinutes(30), Limit: 2, BeforeSequence: page1[^1].Sequence));
        var page3 = await harness.Reader.GetHistoryAsync(new AuditQuery("alpha", T0, T0.AddMinutes(30), Limit: 2, BeforeSequence: page2[^1].Sequence));

        page1.Select(r => r.EventId).ShouldBe(["a4", "a3"]);
        page2.Select(r => r.EventId).ShouldBe(["a2", "a1"]);
        page3.ShouldBeEmpty();
    }

    [Fact]
    public async Task StatusAsOf_IsTheNewestStatusRowAtOrBeforeT_IgnoringProbeRows()
    {
        await using var harness = await SeedAsync();

        (await harness.Reader.GetStatusAsOfAsync("alpha", T0.AddSeconds(-1))).ShouldBeNull();
        (await harness.Reader.GetStatusAsOfAsync("alpha", T0))!.EventId.ShouldBe("a1");
        (await harness.Reader.GetStatusAsOfAsync("alpha", T0.AddMinutes(17)))!.EventId.ShouldBe("a2");
        (await harness.Reader.GetStatusAsOfAsync("alpha", T0.AddMinutes(20)))!.NewStatus.ShouldBe(InfluencerStatus.Idle);
        (await harness.Reader.GetStatusAsOfAsync("alpha", T0.AddHours(1)))!.Kind.ShouldBe(AuditKind.StaleDetected);
        (await harness.Reader.GetStatusAsOfAsync("gamma", T0.AddHours(1))).ShouldBeNull();
    }

    [Fact]
    public async Task CountByStatus_CountsStatusRowsInTheHalfOpenRange()
    {
        await using var harness = await SeedAsync();

        var all = await harness.Reader.CountByStatusAsync(new StatusCountsQuery(T0, T0.AddHours(1)));
        var window = await harness.Reader.CountByStatusAsync(new StatusCountsQuery(T0.AddMinutes(5), T0.AddMinutes(25)));

        all.ShouldBe(new Dictionary<string, long> { ["online"] = 2, ["busy"] = 1, ["idle"] = 1, ["maintenance"] = 1, ["offline"] = 1 }, ignoreOrder: true);
        window.ShouldBe(new Dictionary<string, long> { ["online"] = 1, ["busy"] = 1, ["idle"] = 1 }, ignoreOrder: true);
    }
}
