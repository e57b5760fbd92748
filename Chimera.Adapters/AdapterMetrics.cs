using System.Diagnostics.Metrics;

namespace Chimera.Adapters;

/// <summary>
/// Adapter-side telemetry (spec §10: dropped and failed status events), on the <c>Chimera.Adapters</c> meter.
/// </summary>
public static class AdapterMetrics
{
    public const string MeterName = "Chimera.Adapters";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Published = Meter.CreateCounter<long>("chimera.adapter.published", description: "Events the transport accepted, by kind (change or heartbeat).");

    public static readonly Counter<long> PublishFailures = Meter.CreateCounter<long>("chimera.adapter.publish_failures", description: "Transport failures; the event stays buffered and is retried.");

    public static readonly Counter<long> Dropped = Meter.CreateCounter<long>("chimera.adapter.dropped", description: "Events dropped because the buffer was full or the adapter stopped with them unsent, by kind.");

    public static readonly Counter<long> Coalesced = Meter.CreateCounter<long>("chimera.adapter.coalesced", description: "Buffered heartbeats superseded by a newer heartbeat or change.");

    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("chimera.adapter.rejected", description: "Events the silo rejected (never retried).");

    internal static KeyValuePair<string, object?> Kind(bool heartbeat) => new("kind", heartbeat ? "heartbeat" : "change");
}
