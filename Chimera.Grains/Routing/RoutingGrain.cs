using System.Diagnostics;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Spec;
using Chimera.Core.Hosting;
using Chimera.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chimera.Grains.Routing;

/// <summary>
/// The routing index of one pool (spec §5). Held in memory only: after a move or restart it is rebuilt
/// as influencer grains report changes (each influencer grain re-publishes on activation), and until then
/// it can only under-report, never route to a stale influencer, because every entry carries its expiry.
/// It also runs the pool's bounded self-preservation guard (spec §3.6), fed by every silo's ingest health reports
/// and asked by influencer grains whenever a status expires.
/// </summary>
internal sealed partial class RoutingGrain : Grain, IRoutingGrain
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan GaugeInterval = TimeSpan.FromSeconds(5);

    private readonly SelfPreservationGuard _guard;
    private readonly RoutingIndex _index;
    private readonly SelfPreservationOptions _preservation;
    private readonly TimeProvider _clock;
    private readonly ILogger<RoutingGrain> _logger;
    private readonly ChimeraMetrics _metrics;
    private readonly ChimeraInstruments _instruments;
    private readonly RegistryGauges _gauges;

    public RoutingGrain(
        [FromKeyedServices(ChimeraClock.Key)] TimeProvider clock,
        IOptions<SelfPreservationOptions> preservation,
        ILogger<RoutingGrain> logger,
        ChimeraMetrics metrics,
        ChimeraInstruments instruments,
        RegistryGauges gauges)
    {
        _clock = clock;
        _preservation = preservation.Value;
        _guard = new SelfPreservationGuard(_preservation);
        _index = new RoutingIndex(_guard);
        _logger = logger;
        _metrics = metrics;
        _instruments = instruments;
        _gauges = gauges;
    }

    /// <summary>Report freshness and the recovery grace are about the pipeline: real time, whatever the domain clock does.</summary>
    private static DateTimeOffset RealNow => TimeProvider.System.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(static self =>
        {
            self.EvaluateGuard();
            self._index.SweepExpired(self._clock.GetUtcNow());
            return Task.CompletedTask;
        }, this, new GrainTimerCreationOptions(SweepInterval, SweepInterval) { KeepAlive = true });

        // The registry gauges are read by the metrics exporter on its own thread; the index is not thread-safe,
        // so the grain copies what they report on its own turn.
        this.RegisterGrainTimer(static self =>
        {
            self.PublishGauges();
            return Task.CompletedTask;
        }, this, new GrainTimerCreationOptions(TimeSpan.Zero, GaugeInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Another silo reports the registry from now on; this one must not keep reporting a frozen copy.
        _gauges.SetRegistry(null, 0);
        _gauges.SetSelfPreservation(null, 0);
        return Task.CompletedTask;
    }

    private void PublishGauges()
    {
        var now = _clock.GetUtcNow();
        _gauges.SetRegistry(_index.Counts(now).ByStatus, _index.OpenProbes(now));
        _gauges.SetSelfPreservation(_guard.IsHolding, _guard.Held);
    }

    public ValueTask<RouteResult> RouteAsync(RouteRequest request)
    {
        var now = _clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var result = _index.Route(request, now, candidate => ScheduleProbe(candidate, request, now));
        _instruments.RecordRoute(Stopwatch.GetElapsedTime(started), request.Cost == CostClass.High ? "high" : "low");
        return ValueTask.FromResult(result);
    }

    public ValueTask<IReadOnlyList<InfluencerSummary>> ListAsync(ListQuery query) =>
        ValueTask.FromResult(_index.List(query, _clock.GetUtcNow()));

    public ValueTask<RegistryCounts> GetCountsAsync() => ValueTask.FromResult(_index.Counts(_clock.GetUtcNow()));

    public ValueTask UpsertAsync(RoutingEntry entry)
    {
        _index.Upsert(entry);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> RenewLeasesAsync(IReadOnlyList<LeaseRenewal> renewals) =>
        ValueTask.FromResult(_index.RenewLeases(renewals));

    public ValueTask<ExpiryVerdict> JudgeExpiryAsync(string influencerId, DateTimeOffset expiresAt)
    {
        var now = _clock.GetUtcNow();
        EvaluateGuard(influencerId);
        if (_guard.HeldUntil(influencerId, expiresAt, now) is { } until)
        {
            _guard.NoteHeld(influencerId);
            _gauges.SetSelfPreservation(true, _guard.Held);
            return ValueTask.FromResult(new ExpiryVerdict(until));
        }

        return ValueTask.FromResult(ExpiryVerdict.Expire);
    }

    public ValueTask ReportIngestHealthAsync(IngestHealthReport report)
    {
        _guard.Report(report, RealNow, _clock.GetUtcNow());
        EvaluateGuard();
        return ValueTask.CompletedTask;
    }

    public ValueTask<SelfPreservationStatus> GetSelfPreservationAsync()
    {
        EvaluateGuard();
        return ValueTask.FromResult(_guard.Status());
    }

    private void EvaluateGuard(string? expiring = null)
    {
        var now = _clock.GetUtcNow();
        var transition = _guard.Evaluate(RealNow, now, _index.CandidateCollection, expiring);
        if (transition.IsStart)
        {
            _metrics.SelfPreservationHolds.Add(1);
            _gauges.SetSelfPreservation(true, 0);
            LogHoldStarted(transition.AtRisk, transition.Live, (double)transition.AtRisk / transition.Live, string.Join(",", transition.Partitions), transition.Reason,
                _preservation.MaxHold, transition.Until);
        }
        else if (transition.IsEnd)
        {
            _gauges.SetSelfPreservation(false, 0);
            LogHoldEnded(transition.Duration, transition.Reason, transition.Held);

            // Every status held as suspect is judged again now: the ones heard from meanwhile stay live, the rest go stale.
            foreach (var influencerId in _guard.TakeHeld())
            {
                GrainFactory.GetGrain<IInfluencerGrain>(influencerId).HoldEndedAsync().AsTask().Ignore();
            }

            _index.SweepExpired(now);
        }
    }

    private ProbeTicket ScheduleProbe(RoutingCandidate candidate, RouteRequest request, DateTimeOffset now)
    {
        var ticket = new ProbeTicket(
            "probe-" + Guid.NewGuid().ToString("N"),
            candidate.InfluencerId,
            request.RequiredCapabilities,
            now,
            $"confidence {candidate.Confidence:0.00} < {ChangeRules.ProbeConfidenceThreshold:0.0} before high-cost work");
        LogProbeScheduled(ticket.ProbeId, candidate.InfluencerId, candidate.Confidence);

        // One-way: the route answer does not wait for the influencer grain; it audits the probe itself.
        GrainFactory.GetGrain<IInfluencerGrain>(candidate.InfluencerId).RecordProbeScheduledAsync(ticket).AsTask().Ignore();
        return ticket;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Probe {ProbeId} scheduled for {InfluencerId} (confidence {Confidence})")]
    private partial void LogProbeScheduled(string probeId, string influencerId, double confidence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Self-preservation ON: {AtRisk} of {Live} live influencers ({Share:P0}) would expire because ingest is failing on partitions [{Partitions}] ({Reason}); their expiries are held as suspect (no stale row, no offline announcement, routed after healthy ones) for at most {MaxHold}, until {Until:O}")]
    private partial void LogHoldStarted(int atRisk, int live, double share, string partitions, string reason, TimeSpan maxHold, DateTimeOffset until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Self-preservation OFF after {Duration}: {Reason}; {Held} influencers held as suspect are judged again now")]
    private partial void LogHoldEnded(TimeSpan duration, string reason, int held);
}
