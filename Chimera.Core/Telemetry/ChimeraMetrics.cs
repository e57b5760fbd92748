using System.Diagnostics.Metrics;

namespace Chimera.Core.Telemetry;

/// <summary>
/// Chimera's counters (spec §10), on the <c>Chimera</c> meter created through <see cref="IMeterFactory"/> (one per
/// service provider, so a silo's instruments are its own): dropped and failed events by reason, stale detections
/// and probe results, for alerting. Exported by OpenTelemetry (<c>/metrics</c>, OTLP); see README.md's table.
/// </summary>
public sealed class ChimeraMetrics
{
    public const string MeterName = ChimeraTelemetry.SourceName;

    public ChimeraMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        EventsAccepted = meter.CreateCounter<long>("chimera.events.accepted", "{entry}", "Entries that passed the ingress gate.");
        EventsRejected = meter.CreateCounter<long>("chimera.events.rejected", "{entry}", "Entries rejected at ingress, by reason code.");
        DeadLettered = meter.CreateCounter<long>("chimera.events.deadlettered", "{letter}", "Entries written to the dead-letter topic, by reason code.");
        Heartbeats = meter.CreateCounter<long>("chimera.events.heartbeats", "{event}", "Applied events that changed nothing but last-seen.");
        Changes = meter.CreateCounter<long>("chimera.events.changes", "{event}", "Applied events that changed the status view.");
        Ignored = meter.CreateCounter<long>("chimera.events.ignored", "{event}", "Duplicate or out-of-order events that were not applied, by reason.");
        StaleDetections = meter.CreateCounter<long>("chimera.stale.detections", "{influencer}", "Statuses aged out to offline.");
        ProbesScheduled = meter.CreateCounter<long>("chimera.probes.scheduled", "{probe}", "Probe tasks scheduled before high-cost work.");
        ProbeResults = meter.CreateCounter<long>("chimera.probes.results", "{probe}", "Probe results reported, by outcome.");
        SelfPreservationHolds = meter.CreateCounter<long>("chimera.selfpreservation.holds", "{hold}",
            "Self-preservation holds started because ingest failed for a large share of the fleet (spec §3.6); alert on any.");
    }

    public Counter<long> EventsAccepted { get; }

    public Counter<long> EventsRejected { get; }

    public Counter<long> DeadLettered { get; }

    public Counter<long> Heartbeats { get; }

    public Counter<long> Changes { get; }

    public Counter<long> Ignored { get; }

    public Counter<long> StaleDetections { get; }

    public Counter<long> ProbesScheduled { get; }

    public Counter<long> ProbeResults { get; }

    public Counter<long> SelfPreservationHolds { get; }

    public void CountRejected(string code) => EventsRejected.Add(1, new KeyValuePair<string, object?>("reason", code));

    public void CountDeadLettered(string code) => DeadLettered.Add(1, new KeyValuePair<string, object?>("reason", code));
}
