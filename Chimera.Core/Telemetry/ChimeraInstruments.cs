using System.Diagnostics.Metrics;

namespace Chimera.Core.Telemetry;

/// <summary>
/// Chimera's histograms and gauges (spec §10, the instrument table in README.md), created through
/// <see cref="IMeterFactory"/> on the <see cref="ChimeraTelemetry.SourceName"/> meter. Histograms are recorded
/// where the work happens; gauges read <see cref="RegistryGauges"/>, which their producers keep current.
/// </summary>
public sealed class ChimeraInstruments
{
    // Seconds, from sub-millisecond (routing, commit) to minutes (a backlog after an outage).
    private static readonly double[] LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private static readonly int[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];

    private readonly Histogram<double> _ingestLag;
    private readonly Histogram<double> _routeDuration;
    private readonly Histogram<int> _auditBatchSize;
    private readonly Histogram<double> _auditCommitDuration;

    public ChimeraInstruments(IMeterFactory meters, RegistryGauges gauges)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(gauges);
        var meter = meters.Create(ChimeraTelemetry.SourceName);
        _ingestLag = meter.CreateHistogram("chimera.ingest.lag", "s", "Event time (the event's timestamp) to applied by its influencer grain.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _routeDuration = meter.CreateHistogram("chimera.route.duration", "s", "Time the routing grain spends ranking one route request.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _auditBatchSize = meter.CreateHistogram("chimera.audit.batch.size", "{row}", "Rows per committed audit batch (group commit).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
        _auditCommitDuration = meter.CreateHistogram("chimera.audit.commit.duration", "s", "Time to write and commit one audit batch, failed attempts included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

        meter.CreateObservableGauge("chimera.registry.influencers", gauges.InfluencersByStatus, "{influencer}",
            "Influencers in the routing index by effective status (reported by the silo that hosts the routing grain).");
        meter.CreateObservableGauge("chimera.probes.open", gauges.OpenProbes, "{probe}",
            "Probes scheduled and not yet answered (reported by the silo that hosts the routing grain).");
        meter.CreateObservableGauge("chimera.selfpreservation.active", gauges.SelfPreservationActive, "{hold}",
            "1 while a self-preservation hold is in force (reported by the silo that hosts the routing grain).");
        meter.CreateObservableGauge("chimera.selfpreservation.suspects", gauges.SelfPreservationSuspects, "{influencer}",
            "Influencers held as suspect instead of stale by the current hold (reported by the silo that hosts the routing grain).");
        meter.CreateObservableGauge("chimera.redis.pending", gauges.PendingByPartition, "{entry}",
            "Entries read from a status partition and not yet acknowledged (XPENDING), by partition, from the silo that owns it.");
        meter.CreateObservableGauge("chimera.deadletters", gauges.DeadLettersByReason, "{letter}",
            "Dead letters held by reason: the retained dead-letter stream (Redis) or the embedded sink since start.");
    }

    /// <summary>Event timestamp to now, at the moment an influencer grain applied the event (heartbeat or change).</summary>
    public void RecordApplied(DateTimeOffset eventTime, DateTimeOffset appliedAt, bool change) =>
        _ingestLag.Record(Math.Max(0, (appliedAt - eventTime).TotalSeconds), new KeyValuePair<string, object?>("kind", change ? "change" : "heartbeat"));

    public void RecordRoute(TimeSpan elapsed, string cost) =>
        _routeDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("cost", cost));

    public void RecordAuditBatch(int rows, TimeSpan elapsed, bool committed)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", committed ? "committed" : "failed");
        _auditCommitDuration.Record(elapsed.TotalSeconds, outcome);
        if (committed)
        {
            _auditBatchSize.Record(rows);
        }
    }
}
