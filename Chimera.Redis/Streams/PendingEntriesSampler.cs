using Chimera.Core.Ingest;
using Chimera.Core.Telemetry;
using Chimera.Redis.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chimera.Redis.Streams;

/// <summary>
/// Keeps the <c>chimera.redis.pending</c> gauge current: every few seconds, XPENDING (summary form, O(1) per
/// call) for each partition this silo reads now. A partition that moved to another silo stops being reported
/// here, so the gauge summed over silos is the cluster's pending count per partition.
/// </summary>
internal sealed partial class PendingEntriesSampler(
    IConnectionMultiplexer redis,
    IngestHealthMonitor receivers,
    RegistryGauges gauges,
    IOptions<ChimeraRedisOptions> options,
    ILogger<PendingEntriesSampler> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var reported = new HashSet<int>();
        do
        {
            var owned = receivers.Partitions.ToHashSet();
            foreach (var gone in reported.Except(owned).ToList())
            {
                gauges.RemovePartition(gone);
                reported.Remove(gone);
            }

            foreach (var partition in owned)
            {
                var address = PartitionAddress.For(partition, options.Value.ConsumerGroup);
                try
                {
                    var info = await redis.GetDatabase().StreamPendingAsync(address.Key, address.Group).ConfigureAwait(false);
                    gauges.SetPending(partition, info.PendingMessageCount);
                    reported.Add(partition);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // The receiver's own log and /health/ready say Redis is down; a gauge sample is not worth a second warning.
                    LogSampleFailed(address.Key!, ex.Message);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "XPENDING of {Stream} for the pending gauge failed: {Error}")]
    private partial void LogSampleFailed(string stream, string error);
}
