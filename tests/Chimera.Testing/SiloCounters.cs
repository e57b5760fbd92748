using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Chimera.Testing;

/// <summary>
/// The spec §10 counters as chosen silos record them, by instrument and tag. Chimera creates its meter through each
/// silo's <see cref="IMeterFactory"/>, so this listens only to the meters of the service providers given (a test's own
/// silos) and never counts what another test's silos do in the same process. Start it before the work it counts.
/// </summary>
public sealed class SiloCounters : IDisposable
{
    /// <summary>Chimera's meter name (<c>ChimeraTelemetry.SourceName</c>).</summary>
    public const string MeterName = "Chimera";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public SiloCounters(IEnumerable<IServiceProvider> silos)
    {
        // IMeterFactory caches by name, so Create returns the very meter the silo's instruments hang off.
        var meters = silos.Select(s => s.GetRequiredService<IMeterFactory>().Create(MeterName)).ToHashSet();
        if (meters.Count == 0)
        {
            throw new ArgumentException("no silo to listen to", nameof(silos));
        }

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (meters.Contains(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    /// <summary>
    /// The sum of <paramref name="instrument"/> (e.g. <c>chimera.events.ignored</c>) over measurements carrying every
    /// tag given (e.g. <c>("reason", "duplicate")</c>).
    /// </summary>
    public long Count(string instrument, params (string Key, string Value)[] tags) =>
        _measurements
            .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(k => k.Key == t.Key && Equals(k.Value as string, t.Value))))
            .Sum(m => m.Value);

    /// <summary>The sums of <paramref name="instrument"/> by the value of its tag <paramref name="key"/> (e.g. <c>reason</c>); untagged measurements under "".</summary>
    public IReadOnlyDictionary<string, long> ByTag(string instrument, string key) =>
        _measurements
            .Where(m => m.Instrument == instrument)
            .GroupBy(m => m.Tags.FirstOrDefault(t => t.Key == key).Value as string ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value), StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();
}
