using System.Diagnostics;
using Chimera.Bench.Infrastructure;
using Chimera.Bench.Workload;

namespace Chimera.Bench.Benchmarks;

/// <summary>
/// End-to-end signed ingest, with its same-run peers (issue 11 §1, §2, §5):
/// <list type="bullet">
/// <item>raw XADD of exactly the same pre-signed entries (same clients, same pipelining) into scratch keys;</item>
/// <item>the headline: Chimera on the production profile (<c>AddChimeraPostgres</c> on a PostgreSQL with its default
/// durability, Redis with <c>appendfsync everysec</c>), the producer XADDing while the silo consumes;</item>
/// <item>the same with embedded grain storage and reminders (the second row);</item>
/// <item>etcd with the same workload (lease per agent, PUT with lease on change, KeepAlive on heartbeat);</item>
/// <item>latency: a paced producer at half the production rate just measured, XADD (event time) to applied;</item>
/// <item>drain: a known fleet, the cluster stopped, a backlog queued, a silo started on the same database.</item>
/// </list>
/// Every run proves zero loss (every grain on its last event, nothing pending) and counts extra changes and stale
/// detections, which this workload never causes on its own (every influencer stays inside its 60 s+ TTL).
/// </summary>
internal static class IngestBench
{
    public static async Task RunAsync(Scale scale, BenchRedis redis, ResultTable table, TextWriter log)
    {
        await using var postgres = await BenchPostgres.StartAsync();
        var redisSettings = await redis.DescribeDurabilityAsync();
        var postgresSettings = await postgres.DescribeDurabilityAsync();
        log.WriteLine($"  ingest: production profile = AddChimeraSilo with ConnectionStrings:Postgres and :Redis (AddChimeraPostgres + AddChimeraRedis, {IngestRun.Partitions} partitions); {postgresSettings}; {redisSettings}");
        table.Metric("settings_postgres", postgresSettings);
        table.Metric("settings_redis", redisSettings);

        await redis.FlushAsync();
        var generate = Stopwatch.StartNew();
        var workload = IngestWorkload.Create(scale.IngestInfluencers, scale.IngestEventsPerInfluencer, IngestRun.Partitions, DateTimeOffset.UtcNow, "ing");
        var total = workload.Entries.Length;
        log.WriteLine($"  ingest: {total:N0} signed entries for {scale.IngestInfluencers:N0} influencers ({workload.ExpectedChanges:N0} changes) pre-generated in {generate.Elapsed.TotalSeconds:0.0} s");

        // Baseline: raw XADD of exactly these entries.
        var baselineCpu = await CpuMeter.StartAsync(redis.Server);
        var raw = await EntryProducer.PublishAsync(redis.ConnectionString, workload.Entries, scale.ProducerClients, p => $"bench.raw:{p}");
        var baseCpu = await baselineCpu.StopAsync();
        var rawRate = total / raw.TotalSeconds;
        log.WriteLine($"  ingest: raw XADD {rawRate:N0}/s ({raw.TotalSeconds:0.00} s; cpu: bench {baseCpu.ProcessSeconds:0.0} s, redis {baseCpu.RedisSeconds:0.0} s)");
        await redis.FlushAsync();

        var production = await IngestRun.RunAsync("production", () => workload, IngestMode.Concurrent, redis, await postgres.CreateDatabaseAsync("ingest"), scale, log,
            profiled: Profiler.Directory is not null);
        await redis.FlushAsync();
        // Freshly stamped: the first workload's event times are older than the shortest TTL (60 s) by now, and applying
        // them would (rightly) find influencers expired by their own timestamps, which is not what this row measures.
        var embedded = await IngestRun.RunAsync("embedded", () => IngestWorkload.Create(scale.IngestInfluencers, scale.IngestEventsPerInfluencer, IngestRun.Partitions, DateTimeOffset.UtcNow, "emb"),
            IngestMode.Concurrent, redis, null, scale, log);
        await redis.FlushAsync();

        EtcdOutcome etcd;
        await using (var etcdServer = await EtcdServer.StartAsync())
        {
            etcd = await EtcdPeer.RunAsync(etcdServer, workload);
            log.WriteLine($"  ingest: etcd {etcdServer.Version}: {etcd.PerSecond:N0} events/s ({etcd.Grants:N0} leases granted, {etcd.Puts:N0} PUT with lease, {etcd.KeepAlives:N0} KeepAlive in {etcd.Seconds:0.00} s; etcd cpu {etcd.EtcdCpuSeconds:0.0} s; {EtcdPeer.Workers} clients over {EtcdPeer.Channels} connections)");
            table.Metric("settings_etcd", $"etcd {etcdServer.Version}, single member, default durability (WAL fsync per commit), 60 s leases");
        }

        // Latency at an offered rate the production profile sustains: half of what it just measured.
        var rate = Math.Max(200, Math.Round(production.PerSecond / 2 / 100) * 100);
        // The influencers are warmed first (one status each), so this measures steady heartbeating, not first contact.
        var pacedWarm = IngestWorkload.Create(scale.PacedInfluencers, 1, IngestRun.Partitions, DateTimeOffset.UtcNow, "pwarm");
        IngestWorkload Paced() => IngestWorkload.Create(scale.PacedInfluencers, scale.PacedEventsPerInfluencer, IngestRun.Partitions, DateTimeOffset.UtcNow.AddSeconds(5), "pace", rate);
        var latency = await IngestRun.RunAsync("production, paced", Paced, IngestMode.Paced, redis, await postgres.CreateDatabaseAsync("paced"), scale, log, warmUp: pacedWarm);
        await redis.FlushAsync();

        // Burst: a fleet that is known, a full cluster stop, the backlog queued, one silo started on the same database.
        var now = DateTimeOffset.UtcNow;
        var warm = IngestWorkload.Create(scale.DrainInfluencers, 1, IngestRun.Partitions, now, "warm");
        var backlog = IngestWorkload.Create(scale.DrainInfluencers, scale.DrainEventsPerInfluencer, IngestRun.Partitions, now.AddSeconds(1), "burst");
        var drain = await IngestRun.RunAsync("production, drain", () => backlog, IngestMode.Backlog, redis, await postgres.CreateDatabaseAsync("drain"), scale, log, warmUp: warm);
        await redis.FlushAsync();

        Report(scale, table, rawRate, baseCpu.ProcessSeconds * 1e6 / total, production, embedded, etcd, latency, rate, drain);
    }

    private static void Report(Scale scale, ResultTable table, double rawRate, double rawMicros, IngestOutcome production, IngestOutcome embedded, EtcdOutcome etcd,
        IngestOutcome latency, double pacedRate, IngestOutcome drain)
    {
        var size = $"{production.Total:N0} events, {scale.IngestInfluencers:N0} influencers, {scale.ProducerClients} clients";
        var peers = $"raw XADD {ResultTable.Rate(rawRate)}; etcd {ResultTable.Rate(etcd.PerSecond)}";
        foreach (var run in new[] { production, embedded })
        {
            var label = run == production ? "production profile (PostgreSQL fsync on, Redis everysec)" : "embedded storage and reminders";
            table.Add("Ingest (e2e)", $"signed events/s, XADD -> grain applied, {label} ({size})", ResultTable.Rate(run.PerSecond),
                $"{peers}; {ResultTable.Ratio(run.PerSecond, rawRate)} of raw, {ResultTable.Ratio(run.PerSecond, etcd.PerSecond)} of etcd",
                run == production ? ">= 50,000/s" : "", run == production ? ResultTable.Pass(run.PerSecond >= 50_000 && run.ZeroLoss) : "");
            table.Add("Ingest (e2e)", $"steady-state rate (10%-90% applied), {run.Profile}", ResultTable.Rate(run.SteadyPerSecond), "", run == production ? ">= 50,000/s" : "",
                run == production ? ResultTable.Pass(run.SteadyPerSecond >= 50_000) : "");
        }

        table.Add("Ingest vs etcd", "Chimera production events/s / etcd events/s (same workload, same run)", ResultTable.Ratio(production.PerSecond, etcd.PerSecond),
            $"etcd {ResultTable.Rate(etcd.PerSecond)} ({etcd.Puts:N0} PUT + {etcd.KeepAlives:N0} KeepAlive)", ">= 3.5x", ResultTable.Pass(production.PerSecond >= 3.5 * etcd.PerSecond));
        table.Add("Ingest (latency)", $"XADD -> applied at {pacedRate:N0}/s offered (half the production rate), production: p50 / p99 / p99.9 / max",
            latency.Lag is { } lag ? $"{ResultTable.Ms(lag.P50Ms)} / {ResultTable.Ms(lag.P99Ms)} / {ResultTable.Ms(lag.P999Ms)} / {ResultTable.Ms(lag.MaxMs)}" : "no samples",
            $"{latency.Total:N0} events, {scale.PacedInfluencers:N0} influencers", "", "");
        table.Add("Ingest (drain)", $"backlog drained after a full cluster stop, production ({drain.Total:N0} entries queued for {scale.DrainInfluencers:N0} known influencers)",
            ResultTable.Rate(drain.PerSecond), $"silo start included; {drain.Seconds:0.0} s (silo start {drain.SiloStartSeconds:0.0} s, first apply at {drain.FirstAppliedSeconds:0.0} s, then {ResultTable.Rate(drain.PerSecondAfterFirstApply)})",
            ">= 100,000/s", ResultTable.Pass(drain.PerSecond >= 100_000 && drain.ZeroLoss));
        foreach (var run in new[] { production, embedded, latency, drain })
        {
            table.Add("Ingest (proof)", $"{run.Profile}: lost (not applied) / grains not on their last event / pending in Redis",
                $"{run.Lost} / {run.WrongLastEvent} / {run.Pending}", "", "0 / 0 / 0", ResultTable.Pass(run.ZeroLoss));
            table.Add("Ingest (proof)", $"{run.Profile}: applied twice / extra changes (duplicated or phantom) / phantom stale detections / audit change rows vs sent",
                $"{run.AppliedTwice:N0} / {run.ExtraChanges:N0} / {run.StaleDetections:N0} / {run.AuditChangeRows:N0} vs {run.ExpectedChanges:N0}", "", "0 / 0 / 0 / equal",
                ResultTable.Pass(run.AppliedTwice == 0 && run.ExtraChanges == 0 && run.StaleDetections == 0 && run.AuditChangeRows == run.ExpectedChanges));
            table.Require(run.ZeroLoss, $"ingest {run.Profile}: {run.Lost} lost, {run.WrongLastEvent} grains not on their last event, {run.Pending} pending");
            table.Note($"Ingest {run.Profile}: {run.Changes:N0} changes (sent {run.ExpectedChanges:N0}; {run.AuditChangeRows:N0} change and {run.AuditStaleRows:N0} stale audit rows) and {run.Heartbeats:N0} heartbeats applied, " +
                       $"{run.Ignored:N0} ignored (redelivered), {run.Rejected:N0} rejected; cpu: bench process (silo + producer) {run.ProcessCpuSeconds:0.0} s, redis-server {run.RedisCpuSeconds:0.0} s " +
                       $"in {run.WallSeconds:0.0} s wall on {Environment.ProcessorCount} cores ({run.CpuMicrosPerEvent:0} µs of process CPU per event, {run.RedisCpuSeconds * 1e6 / Math.Max(1, run.Applied):0} µs of Redis CPU); " +
                       $"Redis network {run.RedisNetworkBytes / (double)Math.Max(1, run.Applied):0} B per event; PostgreSQL {run.PostgresCommits:N0} commits, {run.PostgresRows:N0} rows written, {run.PostgresWalBytes / 1048576.0:0.0} MB WAL " +
                       $"({run.PostgresRows / (double)Math.Max(1, run.Changes):0.0} rows and {run.PostgresWalBytes / (double)Math.Max(1, run.Applied):0} WAL bytes per event).");
        }

        table.Note($"Ingest baselines: raw XADD spent {rawMicros:0} µs per event in the producer; etcd spent {etcd.EtcdCpuSeconds * 1e6 / Math.Max(1, etcd.Events):0} µs of its own CPU per event.");

        table.Metric("ingest_e2e_per_s", production.PerSecond);
        table.Metric("ingest_steady_per_s", production.SteadyPerSecond);
        table.Metric("ingest_cpu_us_per_event", production.CpuMicrosPerEvent);
        table.Metric("ingest_embedded_e2e_per_s", embedded.PerSecond);
        table.Metric("ingest_embedded_steady_per_s", embedded.SteadyPerSecond);
        table.Metric("ingest_embedded_cpu_us_per_event", embedded.CpuMicrosPerEvent);
        table.Metric("raw_xadd_per_s", rawRate);
        table.Metric("raw_xadd_producer_cpu_us_per_event", rawMicros);
        table.Metric("etcd_cpu_us_per_event", etcd.EtcdCpuSeconds * 1e6 / Math.Max(1, etcd.Events));
        table.Metric("ingest_influencers", scale.IngestInfluencers);
        table.Metric("latency_influencers", scale.PacedInfluencers);
        table.Metric("drain_influencers", scale.DrainInfluencers);
        table.Metric("etcd_heartbeats_per_s", etcd.PerSecond);
        table.Metric("etcd_puts", etcd.Puts);
        table.Metric("etcd_keepalives", etcd.KeepAlives);
        table.Metric("ingest_vs_etcd_ratio", production.PerSecond / etcd.PerSecond);
        table.Metric("ingest_vs_raw_xadd_ratio", production.PerSecond / rawRate);
        table.Metric("ingest_embedded_vs_etcd_ratio", embedded.PerSecond / etcd.PerSecond);
        table.Metric("latency_offered_per_s", pacedRate);
        if (latency.Lag is { } l)
        {
            table.Metric("latency_p50_ms", l.P50Ms);
            table.Metric("latency_p99_ms", l.P99Ms);
            table.Metric("latency_p999_ms", l.P999Ms);
            table.Metric("latency_max_ms", l.MaxMs);
        }

        table.Metric("drain_per_s", drain.PerSecond);
        table.Metric("drain_entries", drain.Total);
        table.Metric("drain_silo_start_s", drain.SiloStartSeconds);
        table.Metric("drain_first_apply_s", drain.FirstAppliedSeconds);
        table.Metric("drain_after_first_apply_per_s", drain.PerSecondAfterFirstApply);
        foreach (var (run, name) in new[] { (production, "ingest"), (embedded, "ingest_embedded"), (latency, "latency"), (drain, "drain") })
        {
            table.Metric($"{name}_events", run.Total);
            table.Metric($"{name}_lost", run.Lost);
            table.Metric($"{name}_wrong_last_event", run.WrongLastEvent);
            table.Metric($"{name}_pending", run.Pending);
            table.Metric($"{name}_applied_twice", run.AppliedTwice);
            table.Metric($"{name}_cpu_us_per_event_process", run.CpuMicrosPerEvent);
            table.Metric($"{name}_cpu_us_per_event_redis", run.RedisCpuSeconds * 1e6 / Math.Max(1, run.Applied));
            table.Metric($"{name}_redis_network_bytes_per_event", run.RedisNetworkBytes / (double)Math.Max(1, run.Applied));
            table.Metric($"{name}_postgres_commits", run.PostgresCommits);
            table.Metric($"{name}_postgres_rows_written", run.PostgresRows);
            table.Metric($"{name}_postgres_wal_bytes", run.PostgresWalBytes);
            table.Metric($"{name}_changes_applied", run.Changes);
            table.Metric($"{name}_extra_changes", run.ExtraChanges);
            table.Metric($"{name}_audit_change_rows", run.AuditChangeRows);
            table.Metric($"{name}_expected_changes", run.ExpectedChanges);
            table.Metric($"{name}_stale_detections", run.StaleDetections);
        }
    }
}
