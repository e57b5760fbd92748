using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace Chimera.Testing;

/// <summary>
/// Grain storage that outlives the silos of a test cluster, as PostgreSQL does (register the one instance on every
/// silo as the keyed <see cref="IGrainStorage"/>): a killed silo loses its activations, never their stored state.
/// Keeps a serialized copy per grain with ETag checks like a real provider, and can be told to fail, to stand in for a
/// database outage (<see cref="Unavailable"/>) or for failing writes of chosen grains (<see cref="FailWritesOf"/>).
/// Not durable beyond the test process. Register on each silo what <see cref="For"/> returns for that silo's
/// serializer: the rows are shared, the serializer is the silo's own (a killed silo disposes its own).
/// </summary>
public sealed class SharedGrainStorage
{
    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _rows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _writeFailures = new(StringComparer.Ordinal);
    private long _etag;

    private readonly ConcurrentDictionary<string, bool> _crashed = new(StringComparer.Ordinal);

    /// <summary>The storage one silo registers: these rows, that silo's serializer; <paramref name="silo"/> names it for <see cref="Crash"/>.</summary>
    public IGrainStorage For(Serializer serializer, string silo = "") => new SiloView(this, serializer, silo);

    /// <summary>
    /// From now on nothing from <paramref name="silo"/> reaches the rows, as when its process dies: call it just before
    /// killing a test silo, whose shutdown would otherwise still run the grains' deactivation writes.
    /// </summary>
    public void Crash(string silo) => _crashed[silo] = true;

    /// <summary>While true every read and write throws, like a database that refuses connections.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Successful writes per grain (key: the grain id's key, e.g. the influencer id).</summary>
    public ConcurrentDictionary<string, int> Writes { get; } = new(StringComparer.Ordinal);

    /// <summary>The next <paramref name="times"/> writes of the grain with key <paramref name="key"/> throw.</summary>
    public void FailWritesOf(string key, int times) => _writeFailures[key] = times;

    private Task ReadStateAsync<T>(Serializer serializer, string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ThrowIfUnavailable();
        if (_rows.TryGetValue(Key(stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    private Task WriteStateAsync<T>(Serializer serializer, string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ThrowIfUnavailable();
        var grainKey = grainId.Key.ToString()!;
        // Take one injected failure atomically: a plain read-then-write here could put back "left - 1" over a
        // FailWritesOf(key, 0) made meanwhile, and the grain's writes would keep failing after the test recovered them.
        while (_writeFailures.TryGetValue(grainKey, out var left) && left > 0)
        {
            if (_writeFailures.TryUpdate(grainKey, left - 1, left))
            {
                throw new InvalidOperationException($"injected write failure for {grainKey}");
            }
        }

        var key = Key(stateName, grainId);
        var etag = Interlocked.Increment(ref _etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var data = serializer.SerializeToArray(grainState.State);
        lock (_rows)
        {
            var exists = _rows.TryGetValue(key, out var current);
            if (exists ? current.ETag != grainState.ETag : grainState.ETag is not null)
            {
                throw new InconsistentStateException($"ETag mismatch for {key}", exists ? current.ETag : "(none)", grainState.ETag ?? "(none)");
            }

            _rows[key] = (data, etag);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        Writes.AddOrUpdate(grainKey, 1, static (_, n) => n + 1);
        return Task.CompletedTask;
    }

    private Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ThrowIfUnavailable();
        _rows.TryRemove(Key(stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>Whether a state is stored for the grain.</summary>
    public bool Has(string stateName, GrainId grainId) => _rows.ContainsKey(Key(stateName, grainId));

    private static string Key(string stateName, GrainId grainId) => stateName + "/" + grainId;

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new TimeoutException("grain storage unavailable (test outage)");
        }
    }

    private sealed class SiloView(SharedGrainStorage shared, Serializer serializer, string silo) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => shared.ReadStateAsync(serializer, stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            shared._crashed.ContainsKey(silo)
                ? Task.FromException(new IOException($"silo {silo} is dead"))
                : shared.WriteStateAsync(serializer, stateName, grainId, grainState);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => shared.ClearStateAsync(stateName, grainId, grainState);
    }
}
