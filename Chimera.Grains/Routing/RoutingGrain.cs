using Chimera.Contracts.Grains;
using System.Diagnostics;
using Chimera.Grains.Hosting;
using Chimera.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chimera.Grains.Routing;

/// <summary>
/// The routing index of one pool (spec §5). Held in memory only: after a move or restart it is rebuilt
/// as influencer grains report changes (each influencer grain re-publishes on activation), and until then
/// it can only under-report, never route to a stale influencer, because every entry carries its expiry.
/// </summary>
internal sealed partial class RoutingGrain : Grain, IRoutingGrain
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan GaugeInterval = TimeSpan.FromSeconds(5);

    private readonly RoutingIndex _index = new();
    private readonly TimeProvider _clock;
    private readonly ILogger<RoutingGrain> _logger;
    private readonly ChimeraInstruments _instruments;
    private readonly RegistryGauges _gauges;

    public RoutingGrain([FromKeyedServices(ChimeraClock.Key)] TimeProvider clock, ILogger<RoutingGrain> logger, ChimeraInstruments instruments, RegistryGauges gauges)
    {
        _clock = clock;
        _logger = logger;
        _instruments = instruments;
        _gauges = gauges;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(static self =>
        {
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
        return Task.CompletedTask;
    }

    private void PublishGauges()
    {
        var now = _clock.GetUtcNow();
        _gauges.SetRegistry(_index.Counts(now).ByStatus, _index.OpenProbes(now));
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

    private ProbeTicket ScheduleProbe(RoutingCandidate candidate, RouteRequest request, DateTimeOffset now)
    {
        var ticket = new ProbeTicket(
            "probe-" + Guid.NewGuid().ToString("N"),
            candidate.InfluencerId,
            request.RequiredCapabilities,
            now,
            $"confidence {candidate.Confidence:0.00} < 0.5 before high-cost work");
        LogProbeScheduled(ticket.ProbeId, candidate.InfluencerId, candidate.Confidence);

        // One-way: the route answer does not wait for the influencer grain; it audits the probe itself.
        GrainFactory.GetGrain<IInfluencerGrain>(candidate.InfluencerId).RecordProbeScheduledAsync(ticket).AsTask().Ignore();
        return ticket;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Probe {ProbeId} scheduled for {InfluencerId} (confidence {Confidence})")]
    private partial void LogProbeScheduled(string probeId, string influencerId, double confidence);
}
