using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Chimera.Core.Telemetry;

namespace Chimera.Redis.Tests;

/// <summary>
/// Chimera's counters (spec §10) as this process emits them, by instrument and <c>reason</c> tag. The meter is
/// process-wide, so tests that read it run in <see cref="MetricsCollection"/>, never beside other tests.
/// </summary>
internal sealed class ChimeraMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Reason), long> _counts = new();

    public ChimeraMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ChimeraMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var reason = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reason = tag.Value as string ?? "";
                }
            }

            _counts.AddOrUpdate((instrument.Name, reason), value, (_, n) => n + value);
        });
        _listener.Start();
    }

    /// <summary>The count of <paramref name="instrument"/> with <paramref name="reason"/>, or over every reason when null.</summary>
    public long Count(string instrument, string? reason = null) =>
        _counts.Where(c => c.Key.Instrument == instrument && (reason is null || c.Key.Reason == reason)).Sum(c => c.Value);

    /// <summary>Counts of <paramref name="instrument"/> by reason.</summary>
    public IReadOnlyDictionary<string, long> ByReason(string instrument) =>
        _counts.Where(c => c.Key.Instrument == instrument).ToDictionary(c => c.Key.Reason, c => c.Value, StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();
}
