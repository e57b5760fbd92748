using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Grains.Audit;
using Chimera.Testing;

namespace Chimera.Tests.Audit;

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
}
