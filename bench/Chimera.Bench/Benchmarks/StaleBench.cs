using System.Diagnostics;
using Chimera.Bench.Infrastructure;
using Chimera.Bench.Workload;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Spec;
using Chimera.Redis.Hosting;

namespace Chimera.Bench.Benchmarks;

/// <summary>
/// Stale detection with the real clock. TTLs are at least 60 s (relevance 1.0), so events are stamped 60 s
/// minus a few seconds in the past (inside the replay window): each status expires 4–6 s after publishing,
/// spread over 2 s. Lateness = the StaleDetected audit row's RecordedAt (Chimera's clock, TimeProvider.System)
/// minus the influencer's ExpiresAt (last_seen + TTL, the row's EventTime).
/// </summary>
internal static class StaleBench
{
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Spread = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(Scale scale, BenchRedis redis, ResultTable table, TextWriter log)
    {
        await redis.FlushAsync();
        using var counters = new ChimeraCounters();
        await using var silo = await BenchSilo.StartAsync(redis.ConnectionString);
        counters.Reset();

        var n = scale.StaleInfluencers;
        var ttl = HeartbeatCadence.Ttl(1.0);
        var now = DateTimeOffset.UtcNow;
        var random = new Random(11);
        var entries = new SignedEntry[n];
        for (var i = 0; i < n; i++)
        {
            var lastSeen = now - ttl + Lead + (Spread * i / n);
            var id = $"stale-{i:D5}";
            entries[i] = SignedEntry.Create(SignedEntry.Event(id, $"stale-ev-{i}", lastSeen, Fleet.Capabilities(random), 0.3, 0.9, 1.0), ChimeraRedisOptions.DefaultPartitions);
        }

        await EntryProducer.PublishAsync(redis.ConnectionString, entries, 4, p => StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, p));
        var wait = Stopwatch.StartNew();
        while (counters.Stale < n && wait.Elapsed < Lead + Spread + TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        var rows = silo.Audit.Count;
        var stale = new List<double>(n);
        var appliedLate = 0;
        var latestApply = TimeSpan.MaxValue;
        foreach (var entry in entries)
        {
            var history = await silo.Audit.GetHistoryAsync(new AuditQuery(entry.InfluencerId, now.AddHours(-1), now.AddHours(1)));
            var change = history.FirstOrDefault(r => r.Kind == AuditKind.StatusChange);
            var detected = history.FirstOrDefault(r => r.Kind == AuditKind.StaleDetected);
            if (change is not null)
            {
                var expires = change.EventTime + ttl;
                appliedLate += change.RecordedAt > expires ? 1 : 0;
                var margin = expires - change.RecordedAt;
                latestApply = margin < latestApply ? margin : latestApply;
            }

            if (detected is not null)
            {
                stale.Add((detected.RecordedAt - detected.EventTime).TotalMilliseconds);
            }
        }

        log.WriteLine($"  stale: {stale.Count:N0}/{n:N0} detected ({rows:N0} audit rows); {appliedLate} applied only after their expiry; smallest margin between apply and expiry {latestApply.TotalSeconds:0.00} s");
        if (stale.Count == 0)
        {
            table.Add("Stale detection", "lateness after last_seen + TTL", "none detected", "", "<= 1 s", "MISS");
            return;
        }

        var p = Percentiles.FromMilliseconds([.. stale]);
        table.Metric("stale_late_p50_ms", p.P50Ms);
        table.Metric("stale_late_p99_ms", p.P99Ms);
        table.Metric("stale_late_max_ms", p.MaxMs);
        table.Metric("stale_detected", stale.Count);
        table.Metric("stale_influencers", n);
        table.Require(stale.Count == n, $"stale: only {stale.Count:N0}/{n:N0} influencers detected");
        table.Add("Stale detection", $"StaleDetected.RecordedAt - ExpiresAt, {n:N0} influencers expiring within {Spread.TotalSeconds:0} s: p50 / p99 / max",
            $"{ResultTable.Ms(p.P50Ms)} / {ResultTable.Ms(p.P99Ms)} / {ResultTable.Ms(p.MaxMs)}", "", "max <= 1,000 ms",
            ResultTable.Pass(p.MaxMs <= 1_000 && stale.Count == n));
        table.Add("Stale detection", "detected / influencers", $"{stale.Count:N0} / {n:N0}", "", "all", ResultTable.Pass(stale.Count == n));
    }
}
