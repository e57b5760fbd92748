using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Postgres.Audit;
using Chimera.Postgres.Tests.Infrastructure;
using Chimera.Testing;

namespace Chimera.Postgres.Tests.Audit;

/// <summary>
/// Spec §9: one row PostgreSQL refuses as data (NUL in text, SQLSTATE 22021) used to fail its whole group-commit
/// batch, again on every retry. Now the batch is split until the refused row stands alone: only it fails, and every
/// other row of the batch commits. (A lone surrogate does not fail here: Npgsql writes U+FFFD in its place, silently —
/// which is why the gate refuses it before it can reach state, spec §8.4.)
/// </summary>
[Trait(TestCategories.Name, TestCategories.Postgres)]
[Collection(PostgresCollection.Name)]
public sealed class PoisonRowTests(PostgresFixture fixture)
{
    public static TheoryData<string, string> Poisons => new()
    {
        { nameof(AuditWriteMode.UnnestInsert), "render\0clip" },
        { nameof(AuditWriteMode.CopyThenInsert), "render\0clip" },
        { nameof(AuditWriteMode.Adaptive), "\0" },
    };

    [Theory]
    [MemberData(nameof(Poisons))]
    public async Task PoisonRowInABatch_FailsAlone_AndTheOtherRowsCommit(string modeName, string poison)
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        await using var harness = new AuditLogHarness(db, o => o.AuditBatchMaxRows = 200);
        harness.Log.Mode = Enum.Parse<AuditWriteMode>(modeName);

        // Queued before the writer starts: one batch of 200 with two poison rows in it.
        var appends = Enumerable.Range(0, 200)
            .Select(i => (Id: $"e{i}", Task: harness.Log.AppendAsync(AuditRecords.Change($"e{i}", $"inf{i % 10}", InfluencerStatus.Online, AuditRecords.T0.AddSeconds(i))
                with { CurrentTask = i is 37 or 150 ? poison : $"task {i}" })))
            .ToList();
        harness.Log.Start();
        await Task.WhenAll(appends.Select(a => a.Task).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        appends.Where(a => a.Task.IsFaulted).Select(a => a.Id).ShouldBe(["e37", "e150"]);
        appends.Where(a => a.Task.IsFaulted).ShouldAllBe(a => a.Task.Exception!.InnerException is AuditRecordRejectedException);
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit")).ShouldBe(198);
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit WHERE event_id IN ('e37', 'e150')")).ShouldBe(0);

        // The writer goes on: the next append is recorded.
        await harness.Log.AppendAsync(AuditRecords.Change("after", "inf0", InfluencerStatus.Busy, AuditRecords.T0.AddHours(1)));
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit")).ShouldBe(199);
    }

    [Fact]
    public async Task RefusedRow_IsReportedWithTheSqlState()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        await using var harness = new AuditLogHarness(db);
        harness.Log.Start();

        var error = await Should.ThrowAsync<AuditRecordRejectedException>(() =>
            harness.Log.AppendAsync(AuditRecords.Change("nul", "alpha", InfluencerStatus.Online, AuditRecords.T0) with { TraceId = "t\0" }));

        error.Message.ShouldContain("SQLSTATE 22021");
    }

    [Fact]
    public async Task AdapterEventId_EqualToAnInternalRowIdOrAnotherInfluencersEventId_NeverSuppressesThatRow()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        await using var harness = new AuditLogHarness(db);
        harness.Log.Start();

        // Event ids may contain ':', so an adapter can send exactly the id an internal row will use.
        await harness.Log.AppendAsync(AuditRecords.Change("stale:alpha:e1", "alpha", InfluencerStatus.Online, AuditRecords.T0));
        await harness.Log.AppendAsync(AuditRecords.Change("stale:alpha:e1", "alpha", InfluencerStatus.Offline, AuditRecords.T0.AddMinutes(5), kind: AuditKind.StaleDetected));
        await harness.Log.AppendAsync(AuditRecords.Change("shared-id", "alpha", InfluencerStatus.Online, AuditRecords.T0));
        await harness.Log.AppendAsync(AuditRecords.Change("shared-id", "beta", InfluencerStatus.Online, AuditRecords.T0));
        await harness.Log.AppendAsync(AuditRecords.Change("shared-id", "beta", InfluencerStatus.Busy, AuditRecords.T0)); // redelivery: a no-op

        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit")).ShouldBe(4);
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit WHERE kind = 1 AND influencer_id = 'alpha'")).ShouldBe(1);
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'chimera_audit_event_id_ux'")).ShouldBe(0);
    }
}
