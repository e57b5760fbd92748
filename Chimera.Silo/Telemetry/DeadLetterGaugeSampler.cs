using Chimera.Core.Ingress;
using Chimera.Core.Telemetry;

namespace Chimera.Silo.Telemetry;

/// <summary>
/// Keeps the <c>chimera.deadletters</c> gauge current from <see cref="IDeadLetterReader"/> (a bounded read of the
/// newest letters). With Redis every silo reads the same stream, so the gauge is a cluster-wide value on each silo:
/// aggregate it with max, not sum (the instrument table in README.md says so).
/// </summary>
internal sealed partial class DeadLetterGaugeSampler(IDeadLetterReader reader, RegistryGauges gauges, ILogger<DeadLetterGaugeSampler> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var summary = await reader.SummarizeAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                gauges.SetDeadLetters(summary.ByReason);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSampleFailed(ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading dead letters for the gauge failed: {Error}")]
    private partial void LogSampleFailed(string error);
}
