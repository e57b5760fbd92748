using System.Diagnostics;
using StackExchange.Redis;

namespace Chimera.Bench.Workload;

/// <summary>
/// Simulated adapters: <c>clients</c> Redis connections XADDing pre-signed entries pipelined (up to
/// <see cref="Window"/> commands in flight per connection). Each connection owns whole partitions, so one
/// influencer's entries go over one connection and keep their order, as with a real adapter.
/// </summary>
internal static class EntryProducer
{
    public const int Window = 1024;

    /// <summary>
    /// XADDs every entry to <paramref name="keyOf"/>(partition); returns the wall time until Redis acknowledged the last
    /// one. <paramref name="paced"/>: send no entry before its event time (an open-loop producer at the workload's rate).
    /// </summary>
    public static async Task<TimeSpan> PublishAsync(string connectionString, IReadOnlyList<SignedEntry> entries, int clients, Func<int, RedisKey> keyOf, bool paced = false)
    {
        var connections = new ConnectionMultiplexer[clients];
        for (var c = 0; c < clients; c++)
        {
            connections[c] = await ConnectionMultiplexer.ConnectAsync(connectionString + ",asyncTimeout=30000"); // a loaded box: a slow reply is not a lost XADD
        }

        try
        {
            var slices = new List<SignedEntry>[clients];
            for (var c = 0; c < clients; c++)
            {
                slices[c] = [];
            }

            foreach (var entry in entries)
            {
                slices[entry.Partition % clients].Add(entry);
            }

            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => SendAsync(connections[c].GetDatabase(), slices[c], keyOf, paced))));
            return stopwatch.Elapsed;
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task SendAsync(IDatabase db, List<SignedEntry> slice, Func<int, RedisKey> keyOf, bool paced)
    {
        var inFlight = new Queue<Task>(Window);
        foreach (var entry in slice)
        {
            if (paced && entry.Timestamp - DateTimeOffset.UtcNow is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait);
            }

            if (inFlight.Count == Window)
            {
                await inFlight.Dequeue();
            }

            inFlight.Enqueue(db.StreamAddAsync(keyOf(entry.Partition), entry.Fields));
        }

        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue();
        }
    }
}
