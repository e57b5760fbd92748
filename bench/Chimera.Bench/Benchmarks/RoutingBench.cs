using System.Diagnostics;
using Chimera.Bench.Infrastructure;
using Chimera.Bench.Workload;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Spec;
using Chimera.Grains.Routing;

namespace Chimera.Bench.Benchmarks;

/// <summary>
/// Route latency over 100,000 live candidates: <see cref="RoutingIndex"/> alone (the data structure), then
/// <see cref="IRoutingGrain.RouteAsync"/> through the cluster (a grain call from the silo's own client,
/// serialization and scheduling included). Baseline for the index: a linear scan of the same candidates
/// (what a naive "filter and sort" router would cost).
/// </summary>
internal static class RoutingBench
{
    public static async Task RunAsync(Scale scale, ResultTable table, TextWriter log)
    {
        var now = DateTimeOffset.UtcNow;
        var entries = RoutingWorkload.Entries(scale.RoutingCandidates, now);
        var index = new RoutingIndex();
        var build = Stopwatch.StartNew();
        foreach (var entry in entries)
        {
            index.Upsert(entry);
        }

        log.WriteLine($"  routing: index of {index.Count:N0} ({index.RoutableCount:N0} routable) built in {build.Elapsed.TotalMilliseconds:0} ms");
        var probes = 0;
        ProbeTicket Probe(RoutingCandidate c)
        {
            probes++;
            return new ProbeTicket("probe-" + probes, c.InfluencerId, [], now, "bench");
        }

        foreach (var cost in new[] { CostClass.Low, CostClass.High })
        {
            var requests = RoutingWorkload.Requests(scale.RoutingQueries, cost, cost == CostClass.Low ? 1 : 2);
            for (var i = 0; i < 5_000; i++)
            {
                index.Route(requests[i % requests.Length], now, Probe);
            }

            var ticks = new long[requests.Length];
            var empty = 0;
            for (var i = 0; i < requests.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var result = index.Route(requests[i], now, Probe);
                ticks[i] = Stopwatch.GetTimestamp() - start;
                empty += result.Candidates.Count == 0 ? 1 : 0;
            }

            var p = Percentiles.FromTicks(ticks);
            var scan = LinearScan(entries, requests, now, Math.Min(2_000, requests.Length));
            var costName = cost.ToString().ToLowerInvariant();
            table.Metric($"route_index_{costName}_p50_ms", p.P50Ms);
            table.Metric($"route_index_{costName}_p99_ms", p.P99Ms);
            table.Metric($"route_index_{costName}_p999_ms", p.P999Ms);
            table.Metric("route_index_candidates", index.Count);
            table.Add("Routing (index)", $"RoutingIndex.Route count=5, {cost.ToString().ToLowerInvariant()} cost, {index.Count:N0} candidates: p50 / p99 / p99.9",
                $"{ResultTable.Ms(p.P50Ms)} / {ResultTable.Ms(p.P99Ms)} / {ResultTable.Ms(p.P999Ms)}",
                $"linear scan p50 {ResultTable.Ms(scan.P50Ms)}, p99 {ResultTable.Ms(scan.P99Ms)}", "p99 < 1 ms", ResultTable.Pass(p.P99Ms < 1));
            if (empty > 0)
            {
                table.Note($"Routing: {empty:N0} of {requests.Length:N0} {cost} requests found no candidate (a rare pair or v3 nobody offers).");
            }
        }

        table.Note($"Routing: {probes:N0} probes scheduled by high-cost requests (low-confidence matches, each held 10 min, so later requests pass over them).");
        await ClusterAsync(scale, entries, table, log);
    }

    private static Percentiles LinearScan(RoutingEntry[] entries, RouteRequest[] requests, DateTimeOffset now, int count)
    {
        var ticks = new long[count];
        for (var i = 0; i < count; i++)
        {
            var request = requests[i];
            var start = Stopwatch.GetTimestamp();
            _ = entries
                .Where(e => e.Status is Contracts.Model.InfluencerStatus.Online or Contracts.Model.InfluencerStatus.Idle && e.ExpiresAt > now
                    && request.RequiredCapabilities.All(r => e.Capabilities.Any(c => c.Satisfies(r))))
                .OrderBy(e => e.Status).ThenByDescending(e => RouteRules.Score(e.Load, e.RelevanceScore))
                .Take(request.Count)
                .ToList();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        return Percentiles.FromTicks(ticks);
    }

    private static async Task ClusterAsync(Scale scale, RoutingEntry[] entries, ResultTable table, TextWriter log)
    {
        await using var silo = await BenchSilo.StartAsync(redisConnectionString: null);
        var router = silo.Client.GetGrain<IRoutingGrain>(IRoutingGrain.DefaultPool);
        var load = Stopwatch.StartNew();
        foreach (var chunk in entries.Chunk(1_000))
        {
            foreach (var entry in chunk)
            {
                await router.UpsertAsync(entry);
            }
        }

        var deadline = Stopwatch.StartNew();
        while ((await router.GetCountsAsync()).Total < entries.Length && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        log.WriteLine($"  routing: routing grain holds {(await router.GetCountsAsync()).Total:N0} entries ({load.Elapsed.TotalSeconds:0.0} s to load)");
        foreach (var cost in new[] { CostClass.Low, CostClass.High })
        {
            var requests = RoutingWorkload.Requests(scale.ClusterRouteQueries, cost, cost == CostClass.Low ? 3 : 4);
            for (var i = 0; i < 2_000; i++)
            {
                await router.RouteAsync(requests[i % requests.Length]);
            }

            var ticks = new long[requests.Length];
            for (var i = 0; i < requests.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await router.RouteAsync(requests[i]);
                ticks[i] = Stopwatch.GetTimestamp() - start;
            }

            var p = Percentiles.FromTicks(ticks);

            // 16 callers at once: the single routing grain serialises them, so this is queueing + throughput.
            var concurrent = new long[requests.Length];
            var next = -1;
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < requests.Length)
                {
                    var start = Stopwatch.GetTimestamp();
                    await router.RouteAsync(requests[i]);
                    concurrent[i] = Stopwatch.GetTimestamp() - start;
                }
            })));
            var throughput = requests.Length / wall.Elapsed.TotalSeconds;
            var q = Percentiles.FromTicks(concurrent);
            var costKey = cost.ToString().ToLowerInvariant();
            table.Metric($"route_cluster_{costKey}_p50_ms", p.P50Ms);
            table.Metric($"route_cluster_{costKey}_p99_ms", p.P99Ms);
            table.Metric($"route_cluster_{costKey}_16_callers_p99_ms", q.P99Ms);
            table.Metric($"route_cluster_{costKey}_16_callers_per_s", throughput);
            table.Add("Routing (cluster)", $"RoutingGrain.RouteAsync in-silo client, {cost.ToString().ToLowerInvariant()} cost, 1 caller: p50 / p99",
                $"{ResultTable.Ms(p.P50Ms)} / {ResultTable.Ms(p.P99Ms)}", "", "p99 < 1 ms", ResultTable.Pass(p.P99Ms < 1));
            table.Add("Routing (cluster)", $"same, 16 concurrent callers: p50 / p99, throughput",
                $"{ResultTable.Ms(q.P50Ms)} / {ResultTable.Ms(q.P99Ms)}, {ResultTable.Rate(throughput)}", "", "", "");
        }
    }
}
