using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;
using Chimera.Grains.Influencers;

namespace Chimera.Grains.Audit;

/// <summary>
/// Builds every audit row an influencer grain writes (spec §9), in one place: the row ids (the event id of a change,
/// derived ids for the internal kinds) and what each kind records are decided here and nowhere else.
/// </summary>
internal static class AuditRecordFactory
{
    /// <summary>A status change: the row describes the event; its id is the event's id (redelivery adds no second row).</summary>
    public static AuditRecord StatusChange(StatusEvent item, InfluencerStatus? previous, string reason, DateTimeOffset recordedAt) =>
        new()
        {
            EventId = item.EventId,
            Kind = AuditKind.StatusChange,
            InfluencerId = item.InfluencerId,
            PreviousStatus = previous,
            NewStatus = item.Status,
            Load = item.Load,
            Confidence = item.Confidence,
            RelevanceScore = item.RelevanceScore,
            Capabilities = item.Capabilities,
            CurrentTask = item.CurrentTask,
            EventTime = item.Timestamp,
            RecordedAt = recordedAt,
            Source = item.Source,
            AdapterId = item.Provenance?.AdapterId,
            TraceId = item.TraceId,
            Detail = reason,
        };

    /// <summary>A stale detection at <paramref name="expiresAt"/> (once per last event, spec §3.3).</summary>
    public static AuditRecord StaleDetected(string influencerId, InfluencerState state, DateTimeOffset expiresAt, DateTimeOffset now, string? note) =>
        OfState(influencerId, state, AuditKind.StaleDetected, $"stale:{influencerId}:{state.LastEventId}", InfluencerStatus.Offline, expiresAt, now,
            $"stale: no heartbeat since {state.LastSeen:O} (ttl {state.Ttl.TotalSeconds:0} s), detected {(now - expiresAt).TotalMilliseconds:0} ms after expiry{note}")
        with { Source = state.Source, AdapterId = state.Provenance?.AdapterId, TraceId = state.TraceId };

    /// <summary>A probe the router scheduled (spec §5).</summary>
    public static AuditRecord ProbeScheduled(string influencerId, InfluencerState state, ProbeTicket ticket, DateTimeOffset now) =>
        OfState(influencerId, state, AuditKind.ProbeScheduled, "probe-scheduled:" + ticket.ProbeId, state.ReportedStatus, ticket.ScheduledAt, now,
            $"{ticket.ProbeId}: {ticket.Reason}") with { Capabilities = ticket.Capabilities };

    /// <summary>A probe's reported outcome (spec §5).</summary>
    public static AuditRecord ProbeResult(string influencerId, InfluencerState state, ProbeTicket pending, ProbeResult result, DateTimeOffset now) =>
        OfState(influencerId, state, AuditKind.ProbeResult, "probe-result:" + result.ProbeId, state.ReportedStatus, result.ReportedAt, now,
            $"{result.ProbeId}: {(result.Passed ? "passed" : "failed")}{(result.Detail is null ? "" : " - " + result.Detail)}") with { Capabilities = pending.Capabilities };

    /// <summary>A row describing the current state (probe and staleness rows); status-change rows describe their event instead.</summary>
    private static AuditRecord OfState(string influencerId, InfluencerState state, AuditKind kind, string eventId, InfluencerStatus newStatus, DateTimeOffset eventTime, DateTimeOffset now, string detail) =>
        new()
        {
            EventId = eventId,
            Kind = kind,
            InfluencerId = influencerId,
            PreviousStatus = state.ReportedStatus,
            NewStatus = newStatus,
            Load = state.Load,
            Confidence = state.Confidence,
            RelevanceScore = state.RelevanceScore,
            Capabilities = state.Capabilities,
            CurrentTask = state.CurrentTask,
            EventTime = eventTime,
            RecordedAt = now,
            Detail = detail,
        };
}
