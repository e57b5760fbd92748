using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;

namespace Chimera.Postgres.Tests.Audit;

internal static class AuditRecords
{
    public static readonly DateTimeOffset T0 = new(2026, 2, 6, 12, 0, 0, TimeSpan.Zero);

    public static AuditRecord Change(string eventId, string influencer, InfluencerStatus status, DateTimeOffset at,
        InfluencerStatus? previous = null, AuditKind kind = AuditKind.StatusChange) => new()
        {
            EventId = eventId,
            Kind = kind,
            InfluencerId = influencer,
            PreviousStatus = previous,
            NewStatus = status,
            Load = 0.25,
            Confidence = 0.9,
            RelevanceScore = 0.75,
            Capabilities = [new Capability("video-gen", 2), new Capability("captioning", 1)],
            CurrentTask = null,
            EventTime = at,
            RecordedAt = at.AddMilliseconds(5),
            Source = $"worker/influencer.{influencer}",
            AdapterId = "adapter-1",
            TraceId = "trace-" + eventId,
            Detail = null,
        };
}
