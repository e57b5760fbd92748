using Chimera.Contracts.Model;
using Chimera.Postgres.Audit;
using Chimera.Postgres.Tests.Infrastructure;
using Chimera.Testing;

namespace Chimera.Postgres.Tests.Audit;

[Trait(TestCategories.Name, TestCategories.Postgres)]
[Collection(PostgresCollection.Name)]
public sealed class GroupCommitTests(PostgresFixture fixture)
{
    [Theory]
    [InlineData(nameof(AuditWriteMode.Adaptive))]
    [InlineData(nameof(AuditWriteMode.CopyThenInsert))]
    [InlineData(nameof(AuditWriteMode.UnnestInsert))]
    public async Task ConcurrentAppends_ShareBatches_AndEachEventIsOneRow(string modeName)
    {
        var mode = Enum.Parse<AuditWriteMode>(modeName);
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        await using var harness = new AuditLogHarness(db, o => o.AuditBatchMaxRows = 500);
        harness.Log.Mode = mode;

        // Queued before the writer starts, so batching is deterministic: 2000 rows / 500 per batch.
        var appends = Enumerable.Range(0, 2000)
            .Select(i => harness.Log.AppendAsync(AuditRecords.Change($"e{i}", $"inf{i % 50}", InfluencerStatus.Online, AuditRecords.T0.AddSeconds(i))))
            .ToList();
        harness.Log.Start();
        await Task.WhenAll(appends);

        harness.Log.BatchesCommitted.ShouldBe(4);
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit")).ShouldBe(2000);
        (await TestDatabase.ScalarAsync(db, "SELECT count(DISTINCT event_id) FROM chimera_audit")).ShouldBe(2000);
    }

    [Fact]
    public async Task RedeliveredEventIds_InTheSameAndLaterBatches_AddNoRows()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        await using var harness = new AuditLogHarness(db);
        var record = AuditRecords.Change("dup-1", "alpha", InfluencerStatus.Busy, AuditRecords.T0);

        var sameBatch = new[] { harness.Log.AppendAsync(record), harness.Log.AppendAsync(record) };
        harness.Log.Start();
        await Task.WhenAll(sameBatch);
        await harness.Log.AppendAsync(record);
        await harness.Log.AppendAsync(record with { Detail = "redelivered" });

        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit WHERE event_id = 'dup-1'")).ShouldBe(1);
        (await TestDatabase.ScalarAsync(db, "SELECT count(*) FROM chimera_audit WHERE detail IS NOT NULL")).ShouldBe(0);
    }

    [Fact]
    public async Task AppendedRecord_ReadsBackWithEveryField()
    {
        var db = await TestDatabase.CreateMigratedAsync(fixture.Server);
        await using var harness = new AuditLogHarness(db);
        harness.Log.Start();
        var record = AuditRecords.Change("full-1", "alpha", InfluencerStatus.Busy, AuditRecords.T0, InfluencerStatus.Online) with
        {
            CurrentTask = "render clip",
            Detail = "probe:42 passed",
            EventTime = new DateTimeOffset(2026, 2, 6, 14, 0, 0, TimeSpan.FromHours(2)),
        };

        await harness.Log.AppendAsync(record);
        var read = await harness.Reader.GetStatusAsOfAsync("alpha", AuditRecords.T0.AddHours(1));

        read.ShouldNotBeNull();
        read.Sequence.ShouldBeGreaterThan(0);
        read.Revision.ShouldBeGreaterThan(0); // assigned by the store, in commit order (sql/0008)
        (read with { Sequence = 0, Revision = 0, Capabilities = record.Capabilities }).ShouldBe(record);
        read.Capabilities.ShouldBe(record.Capabilities);
    }
}
