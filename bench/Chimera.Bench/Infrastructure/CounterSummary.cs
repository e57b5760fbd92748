using System.Globalization;

namespace Chimera.Bench.Infrastructure;

/// <summary>
/// Reads a dotnet-counters CSV (one row per counter per second) and gives each counter's mean and maximum over the
/// run, for the counters that say where an event's cost goes: CPU, allocation, GC, thread-pool queueing, lock
/// contention, exceptions, Orleans messaging and activation, Chimera's audit commits and ingest lag.
/// </summary>
internal static class CounterSummary
{
    private static readonly string[] Wanted =
    [
        "dotnet.process.cpu.time", "dotnet.gc.heap.total_allocated", "dotnet.gc.pause.time", "dotnet.gc.collections",
        "dotnet.thread_pool.queue.length", "dotnet.thread_pool.work_item.count", "dotnet.thread_pool.thread.count", "dotnet.monitor.lock_contentions",
        "dotnet.exceptions", "orleans-messaging-sent-local", "orleans-app-requests-latency (ms)[Percentile=99]",
        "orleans-catalog-activation-latency", "orleans-catalog-activation-created", "chimera.events.changes", "chimera.events.heartbeats",
        "chimera.audit.commit.duration", "chimera.audit.batch.size", "chimera.ingest.lag",
    ];

    public static IReadOnlyList<string> Summarize(string csvPath)
    {
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(csvPath).Skip(1))
        {
            // Timestamp,Provider,Counter Name,Counter Type,Mean/Increment; the name may itself contain commas inside [...].
            var last = line.LastIndexOf(',');
            var typeStart = line.LastIndexOf(',', last - 1);
            var nameStart = line.IndexOf(',', line.IndexOf(',') + 1);
            if (last < 0 || typeStart <= nameStart || !double.TryParse(line[(last + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var name = line[(nameStart + 1)..typeStart];
            if (!Wanted.Any(w => name.Contains(w, StringComparison.Ordinal)))
            {
                continue;
            }

            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            list.Add(value);
        }

        // Only the seconds while events were applied count: the tail after the run would dilute the means.
        return values.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}: mean {p.Value.Average():G4}, max {p.Value.Max():G4} ({p.Value.Count} samples)"))
            .ToList();
    }
}
