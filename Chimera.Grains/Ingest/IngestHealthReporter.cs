using Chimera.Contracts.Grains;
using Chimera.Core.Hosting;
using Chimera.Core.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chimera.Grains.Ingest;

/// <summary>
/// Sends this silo's <see cref="IngestHealthMonitor"/> report to the routing pool every
/// <see cref="SelfPreservationOptions.ReportInterval"/> (one one-way message per silo and interval), and also when asked
/// (tests). Silent on a silo that reads no partition.
/// </summary>
public sealed partial class IngestHealthReporter : BackgroundService
{
    private readonly IngestHealthMonitor _monitor;
    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly SelfPreservationOptions _options;
    private readonly ILogger<IngestHealthReporter> _logger;

    public IngestHealthReporter(IngestHealthMonitor monitor, IGrainFactory grains, ILocalSiloDetails silo, IOptions<SelfPreservationOptions> options, ILogger<IngestHealthReporter> logger)
    {
        _monitor = monitor;
        _grains = grains;
        _silo = silo;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Sends the report now (the loop calls it; tests may too).</summary>
    public async Task ReportAsync()
    {
        if (_monitor.Snapshot(_silo.Name, _options) is { } report)
        {
            await _grains.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool).ReportIngestHealthAsync(report);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ReportInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ReportAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next report follows in a second; a pool that hears nothing treats the partitions as failing.
                    LogReportFailed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Silo stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not send the ingest health report to the routing pool")]
    private partial void LogReportFailed(Exception exception);
}
