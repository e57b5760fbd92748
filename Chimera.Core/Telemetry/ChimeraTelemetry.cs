using System.Diagnostics;
using Chimera.Contracts.Model;

namespace Chimera.Core.Telemetry;

/// <summary>
/// Chimera's trace source (spec §10): one span per admitted ingest batch and one per applied status change.
/// An event's own <c>trace_id</c> is free text (the seed's <c>trace-abc-123</c>), not a W3C trace id, so it is
/// recorded as the <see cref="EventTraceIdTag"/> attribute: searching a tracing backend for that attribute finds
/// the event's path (its batch on the receiver, its change on the influencer grain, its audit commit).
/// </summary>
public static class ChimeraTelemetry
{
    /// <summary>The ActivitySource and Meter name; add it to OpenTelemetry's sources and meters.</summary>
    public const string SourceName = "Chimera";

    public const string EventTraceIdTag = "chimera.event.trace_id";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span for one batch that passed the gate (<paramref name="origin"/>: a Redis partition or the ingest grain).</summary>
    public static Activity? StartBatch(string origin, int entries)
    {
        var activity = Source.StartActivity("chimera.ingest.batch", ActivityKind.Consumer);
        if (activity is not null)
        {
            activity.SetTag("chimera.ingest.origin", origin);
            activity.SetTag("chimera.ingest.entries", entries);
        }

        return activity;
    }

    /// <summary>A span for one status change applied by an influencer grain.</summary>
    public static Activity? StartChange(StatusEvent item, string reason)
    {
        var activity = Source.StartActivity("chimera.status.change", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("chimera.influencer_id", item.InfluencerId);
            activity.SetTag("chimera.event.id", item.EventId);
            activity.SetTag("chimera.status", item.Status.ToWire());
            activity.SetTag("chimera.change.reason", reason);
            if (item.TraceId is { } traceId)
            {
                activity.SetTag(EventTraceIdTag, traceId);
            }
        }

        return activity;
    }
}
