using Chimera.Contracts.Grains;
using Microsoft.Extensions.Options;

namespace Chimera.Silo.Demo;

/// <summary>
/// The simulated influencers' side of probing (spec §5): follows the change stream for <c>probe_scheduled</c> rows,
/// and for each probe of a simulated influencer reports the outcome its <see cref="DemoRoster"/> entry dictates after
/// <see cref="DemoOptions.ProbeAnswerDelay"/>. A passed probe verifies the influencer for high-cost work and raises its
/// trust score; a failed one lowers it and the next high-cost route schedules another. So the demo's routes move as
/// they would in production.
/// </summary>
internal sealed partial class DemoProber(IGrainFactory grains, DemoRoster roster, IOptions<DemoOptions> options, TimeProvider clock, ILogger<DemoProber> logger) : BackgroundService
{
    private const string ProbeIdPrefix = "probe-scheduled:";
    private static readonly ChangeFilter ScheduledProbes = new() { Kinds = [AuditKind.ProbeScheduled] };

    private long _passed;
    private long _failed;

    public long Passed => Interlocked.Read(ref _passed);

    public long Failed => Interlocked.Read(ref _failed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var feed = grains.GetGrain<IChangeFeedGrain>(0);
        var position = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var page = await feed.ReadAsync(position, ScheduledProbes, 100, TimeSpan.FromSeconds(5));
                foreach (var row in page.Changes)
                {
                    if (row.EventId.StartsWith(ProbeIdPrefix, StringComparison.Ordinal) && roster.TryGet(row.InfluencerId, out var passes))
                    {
                        _ = AnswerAsync(row.InfluencerId, row.EventId[ProbeIdPrefix.Length..], passes, stoppingToken);
                    }
                }

                position = Math.Max(position, page.Through);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFeedFailed(ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
    }

    private async Task AnswerAsync(string influencerId, string probeId, bool passes, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.Value.ProbeAnswerDelay, clock, cancellationToken);
            var detail = passes ? "demo: rendered the sample clip" : "demo: the sample clip failed the check";
            await grains.GetGrain<IInfluencerGrain>(influencerId).ReportProbeResultAsync(new ProbeResult(probeId, passes, detail, clock.GetUtcNow()));
            Interlocked.Increment(ref passes ? ref _passed : ref _failed);
            LogAnswered(influencerId, probeId, passes ? "passed" : "failed");
        }
        catch (ProbeNotFoundException)
        {
            // Superseded (the influencer changed, or another probe replaced it): nothing to answer.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAnswerFailed(influencerId, probeId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {InfluencerId} answered probe {ProbeId}: {Outcome}")]
    private partial void LogAnswered(string influencerId, string probeId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: reporting probe {ProbeId} of {InfluencerId} failed: {Error}")]
    private partial void LogAnswerFailed(string influencerId, string probeId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: reading the change stream for probes failed: {Error}")]
    private partial void LogFeedFailed(string error);
}
