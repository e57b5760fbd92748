using System.Diagnostics.Metrics;

namespace Chimera.Grains.Telemetry;

/// <summary>
/// Chimera's counters (spec §10), on the <c>Chimera</c> meter: dropped and failed events by reason, stale
/// detections and probe results, for alerting. Collect them with OpenTelemetry or dotnet-counters.
/// </summary>
public static class ChimeraMetrics
{
    public const string MeterName = "Chimera";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> EventsAccepted = Meter.CreateCounter<long>("chimera.events.accepted", description: "Entries that passed the ingress gate.");

    public static readonly Counter<long> EventsRejected = Meter.CreateCounter<long>("chimera.events.rejected", description: "Entries rejected at ingress, by reason code.");

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("chimera.events.deadlettered", description: "Entries written to the dead-letter topic, by reason code.");

    public static readonly Counter<long> Heartbeats = Meter.CreateCounter<long>("chimera.events.heartbeats", description: "Applied events that changed nothing but last-seen.");

    public static readonly Counter<long> Changes = Meter.CreateCounter<long>("chimera.events.changes", description: "Applied events that changed the status view.");

    public static readonly Counter<long> Ignored = Meter.CreateCounter<long>("chimera.events.ignored", description: "Duplicate or out-of-order events that were not applied, by reason.");

    public static readonly Counter<long> StaleDetections = Meter.CreateCounter<long>("chimera.stale.detections", description: "Statuses aged out to offline.");

    public static readonly Counter<long> ProbesScheduled = Meter.CreateCounter<long>("chimera.probes.scheduled", description: "Probe tasks scheduled before high-cost work.");

    public static readonly Counter<long> ProbeResults = Meter.CreateCounter<long>("chimera.probes.results", description: "Probe results reported, by outcome.");

    /// <summary>Self-preservation holds started (spec §3.6); alert on any.</summary>
    public static readonly Counter<long> SelfPreservationHolds = Meter.CreateCounter<long>("chimera.selfpreservation.holds", description: "Self-preservation holds started because ingest failed for a large share of the fleet.");

    private static int _selfPreservationActive;
    private static int _suspects;

    /// <summary>1 while a self-preservation hold is in force, else 0.</summary>
    public static readonly ObservableGauge<int> SelfPreservationActive = Meter.CreateObservableGauge(
        "chimera.selfpreservation.active", static () => Volatile.Read(ref _selfPreservationActive), description: "1 while a self-preservation hold is in force.");

    /// <summary>Influencers held as suspect by the current hold.</summary>
    public static readonly ObservableGauge<int> SelfPreservationSuspects = Meter.CreateObservableGauge(
        "chimera.selfpreservation.suspects", static () => Volatile.Read(ref _suspects), description: "Influencers held as suspect instead of stale by the current hold.");

    /// <summary>Publishes the hold's state to the two gauges.</summary>
    public static void ReportSelfPreservation(bool active, int suspects)
    {
        Volatile.Write(ref _selfPreservationActive, active ? 1 : 0);
        Volatile.Write(ref _suspects, suspects);
    }

    public static void CountRejected(string code) => EventsRejected.Add(1, new KeyValuePair<string, object?>("reason", code));

    public static void CountDeadLettered(string code) => DeadLettered.Add(1, new KeyValuePair<string, object?>("reason", code));
}
