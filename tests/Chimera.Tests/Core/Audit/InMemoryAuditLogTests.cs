using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Core.Audit;
using Chimera.Testing;

namespace Chimera.Tests.Core.Audit;

/// <summary>The embedded audit log keys rows like the PostgreSQL one (spec §9): influencer, kind and row id.</summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class InMemoryAuditLogTests
{
    private static AuditRecord Row(string id, string influencer, AuditKind kind = AuditKind.StatusChange) => new()
    {
        EventId = id,
        Kind = kind,
        InfluencerId = influencer,
        NewStatus = InfluencerStatus.Online,
        EventTime = DateTimeOffset.UnixEpoch,
        RecordedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task AdapterChosenId_CannotSuppressAnInternalRowOrAnotherInfluencersRow()
    {
        var log = new InMemoryAuditLog();

        await log.AppendAsync(Row("stale:alpha:e1", "alpha"));
        await log.AppendAsync(Row("stale:alpha:e1", "alpha", AuditKind.StaleDetected));
        await log.AppendAsync(Row("e2", "alpha"));
        await log.AppendAsync(Row("e2", "beta"));
        await log.AppendAsync(Row("e2", "beta")); // redelivery

        log.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_read_after_a_dropped_revision_fails_naming_the_gap_instead_of_skipping_it()
    {
        var log = new InMemoryAuditLog(capacity: 5);
        for (var i = 1; i <= 8; i++)
        {
            await log.AppendAsync(Row($"e{i}", "alpha"));
        }

        // Revisions 1-3 were dropped; 4-8 are held. Reading after 3 is contiguous, after 2 or less would skip 3.
        (await log.ReadAfterAsync(3, 100)).Select(r => r.Revision).ShouldBe([4L, 5L, 6L, 7L, 8L]);
        (await log.ReadAfterAsync(7, 100)).Select(r => r.Revision).ShouldBe([8L]);
        (await log.ReadAfterAsync(8, 100)).ShouldBeEmpty();

        var gap = await Should.ThrowAsync<ChangesDroppedException>(() => log.ReadAfterAsync(0, 100));
        (gap.AfterRevision, gap.OldestRetained).ShouldBe((0L, 4L));
        gap.Message.ShouldContain("revisions 1-3");
        (await Should.ThrowAsync<ChangesDroppedException>(() => log.ReadAfterAsync(2, 100))).Message.ShouldContain("revisions 3-3");
    }

    [Fact]
    public async Task A_log_that_dropped_nothing_reads_from_the_beginning()
    {
        var log = new InMemoryAuditLog(capacity: 5);
        for (var i = 1; i <= 5; i++)
        {
            await log.AppendAsync(Row($"e{i}", "alpha"));
        }

        (await log.ReadAfterAsync(0, 100)).Count.ShouldBe(5);
    }
}
