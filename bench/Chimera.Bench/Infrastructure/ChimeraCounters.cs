using System.Diagnostics.Metrics;
using Chimera.Core.Telemetry;

namespace Chimera.Bench.Infrastructure;

/// <summary>
/// Listens to Chimera's own counters in-process, so a benchmark knows when every event was applied (changes +
/// heartbeats), ignored or rejected without polling grains (which would compete with the silo for CPU).
/// </summary>
internal sealed class ChimeraCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _changes;
    private long _heartbeats;
    private long _ignored;
    private long _rejected;
    private long _stale;
    private double[] _lag = [];
    private int _lagCount;

    public ChimeraCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ChimeraMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            switch (instrument.Name)
            {
                case "chimera.events.changes": Interlocked.Add(ref _changes, value); break;
                case "chimera.events.heartbeats": Interlocked.Add(ref _heartbeats, value); break;
                case "chimera.events.ignored": Interlocked.Add(ref _ignored, value); break;
                case "chimera.events.rejected": Interlocked.Add(ref _rejected, value); break;
                case "chimera.stale.detections": Interlocked.Add(ref _stale, value); break;
            }
        });
        // chimera.ingest.lag (seconds): event time to applied, recorded by the grain for every applied event.
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "chimera.ingest.lag")
            {
                var i = Interlocked.Increment(ref _lagCount) - 1;
                var samples = _lag;
                if (i < samples.Length)
                {
                    samples[i] = value;
                }
            }
        });
        _listener.Start();
    }

    public long Changes => Interlocked.Read(ref _changes);

    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    public long Applied => Changes + Heartbeats;

    public long Ignored => Interlocked.Read(ref _ignored);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Stale => Interlocked.Read(ref _stale);

    /// <summary>Keeps up to <paramref name="capacity"/> ingest-lag samples (seconds) from now on.</summary>
    public void RecordLag(int capacity)
    {
        Interlocked.Exchange(ref _lag, new double[capacity]);
        Interlocked.Exchange(ref _lagCount, 0);
    }

    /// <summary>The lag samples recorded since <see cref="RecordLag"/>, in milliseconds; stops recording.</summary>
    public double[] TakeLagMilliseconds()
    {
        var samples = Interlocked.Exchange(ref _lag, []);
        var count = Math.Min(Interlocked.Exchange(ref _lagCount, 0), samples.Length);
        return samples[..count].Select(s => s * 1000).ToArray();
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _changes, 0);
        Interlocked.Exchange(ref _heartbeats, 0);
        Interlocked.Exchange(ref _ignored, 0);
        Interlocked.Exchange(ref _rejected, 0);
        Interlocked.Exchange(ref _stale, 0);
    }

    public void Dispose() => _listener.Dispose();
}
