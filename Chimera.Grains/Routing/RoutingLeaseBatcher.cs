using System.Collections.Concurrent;
using Chimera.Contracts.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chimera.Grains.Routing;

/// <summary>
/// Collects heartbeat lease renewals of all influencer grains on this silo and sends them to the routing
/// index in one message per flush interval (default 200 ms). A heartbeat must not cost a message to a
/// single routing grain (that would make it the ingest bottleneck); a later flush can only make the
/// index drop a live influencer for a moment, never return a stale one.
/// </summary>
public sealed partial class RoutingLeaseBatcher : BackgroundService
{
    /// <summary>How often pending renewals are sent.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, LeaseRenewal> _pending = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly ILogger<RoutingLeaseBatcher> _logger;

    public RoutingLeaseBatcher(IGrainFactory grains, ILogger<RoutingLeaseBatcher> logger)
    {
        _grains = grains;
        _logger = logger;
    }

    /// <summary>Records a renewal; a newer one for the same influencer replaces an unsent older one.</summary>
    public void Renew(LeaseRenewal renewal) =>
        _pending.AddOrUpdate(renewal.InfluencerId, renewal, (_, existing) => Coalesce(existing, renewal));

    /// <summary>
    /// Which of two unsent renewals of one influencer to keep: the higher version (an older version's renewal would
    /// be ignored by the index and the newer heartbeat lost with it), then the later expiry.
    /// </summary>
    internal static LeaseRenewal Coalesce(LeaseRenewal existing, LeaseRenewal next) =>
        next.Version != existing.Version
            ? (next.Version > existing.Version ? next : existing)
            : (next.ExpiresAt >= existing.ExpiresAt ? next : existing);

    /// <summary>Sends what is pending now. The loop calls it; tests may too.</summary>
    public async Task FlushAsync()
    {
        if (_pending.IsEmpty)
        {
            return;
        }

        var batch = new List<LeaseRenewal>(_pending.Count);
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var renewal))
            {
                batch.Add(renewal);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        var unknown = await _grains.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool).RenewLeasesAsync(batch);
        foreach (var influencerId in unknown)
        {
            // The index was rebuilt (moved or restarted): these grains send their full entry again.
            await _grains.GetGrain<IInfluencerGrain>(influencerId).RepublishAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FlushAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Renewals are refreshed by the next heartbeat; losing one batch only shortens a lease.
                    LogFlushFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Silo stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send heartbeat lease renewals to the routing index")]
    private partial void LogFlushFailed(Exception exception);
}
