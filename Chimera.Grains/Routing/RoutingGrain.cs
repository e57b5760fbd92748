using Chimera.Contracts.Grains;
using Chimera.Grains.Hosting;
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

    private readonly RoutingIndex _index = new();
    private readonly TimeProvider _clock;
    private readonly ILogger<RoutingGrain> _logger;

    public RoutingGrain([FromKeyedServices(ChimeraClock.Key)] TimeProvider clock, ILogger<RoutingGrain> logger)
    {
        _clock = clock;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(static self =>
        {
            self._index.SweepExpired(self._clock.GetUtcNow());
            return Task.CompletedTask;
        }, this, new GrainTimerCreationOptions(SweepInterval, SweepInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public ValueTask<RouteResult> RouteAsync(RouteRequest request)
    {
        var now = _clock.GetUtcNow();
        var result = _index.Route(request, now, candidate => ScheduleProbe(candidate, request, now));
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

    public ValueTask<ExpiryVerdict> JudgeExpiryAsync(string influencerId, DateTimeOffset expiresAt) =>
        ValueTask.FromResult(ExpiryVerdict.Expire);

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
