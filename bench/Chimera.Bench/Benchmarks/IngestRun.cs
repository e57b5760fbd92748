using System.Diagnostics;
using Chimera.Bench.Infrastructure;
using Chimera.Bench.Workload;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Spec;
using Chimera.Redis.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chimera.Bench.Benchmarks;

/// <summary>
/// One Chimera ingest run of a workload and its proof: the clock stops when Chimera's own counters say every event
/// was applied (changes + heartbeats); then every grain's LastEventId is checked against its influencer's last
/// event, every consumer group must have 0 pending entries, and the audit rows are counted. Three ways to feed it:
/// <see cref="IngestMode.Concurrent"/> (the producer XADDs as fast as Redis takes it while the silo consumes),
/// <see cref="IngestMode.Paced"/> (each entry sent at its event time: latency at an offered rate) and
/// <see cref="IngestMode.Backlog"/> (everything queued while no silo runs, then one starts: the drain).
/// </summary>
internal static class IngestRun
{
    public const int Partitions = ChimeraRedisOptions.DefaultPartitions;

    /// <summary>Runs <paramref name="makeWorkload"/>'s entries (called once any warm-up is done: a paced workload's event times must lie ahead of now).</summary>
    public static async Task<IngestOutcome> RunAsync(string profile, Func<IngestWorkload> makeWorkload, IngestMode mode, BenchRedis redis, string? postgres, Scale scale, TextWriter log,
        IngestWorkload? warmUp = null, bool profiled = false)
    {
        using var counters = new ChimeraCounters();
        var keyOf = (int p) => (StackExchange.Redis.RedisKey)StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, p);
        BenchSilo? silo = null;
        try
        {
            if (warmUp is not null)
            {
                // The influencers are known first (state, reminders, audit, activations). For a backlog, the whole cluster
                // then stops, the backlog queues, and a silo starts again on the same database: an outage and its
                // recovery. For a paced run the silo keeps running, so latency is measured on warm influencers.
                silo = await BenchSilo.StartAsync(redis.ConnectionString, postgres);
                counters.Reset();
                await EntryProducer.PublishAsync(redis.ConnectionString, warmUp.Entries, scale.ProducerClients, keyOf);
                await WaitAppliedAsync(counters, warmUp.Entries.Length, TimeSpan.FromSeconds(Math.Max(180, warmUp.Entries.Length / 30.0)));
                if (counters.Applied < warmUp.Entries.Length)
                {
                    throw new InvalidOperationException($"{profile}: warm-up applied only {counters.Applied:N0}/{warmUp.Entries.Length:N0}");
                }

                if (mode == IngestMode.Backlog)
                {
                    await silo.DisposeAsync();
                    silo = null;
                    Npgsql.NpgsqlConnection.ClearAllPools();
                }
            }

            var workload = makeWorkload();
            var siloStart = 0.0;
            var total = workload.Entries.Length;
            Task<TimeSpan>? publish = null;
            var stopwatch = new Stopwatch();
            if (mode == IngestMode.Backlog)
            {
                var queued = await EntryProducer.PublishAsync(redis.ConnectionString, workload.Entries, scale.ProducerClients, keyOf);
                log.WriteLine($"  ingest[{profile}]: backlog of {total:N0} entries queued with no silo running ({queued.TotalSeconds:0.0} s)");
                stopwatch.Start(); // the drain includes the silo's start
                silo = await BenchSilo.StartAsync(redis.ConnectionString, postgres);
                siloStart = stopwatch.Elapsed.TotalSeconds;
            }
            else
            {
                silo ??= await BenchSilo.StartAsync(redis.ConnectionString, postgres);
            }

            await using var profiler = profiled ? await Profiler.StartAsync("ingest-production", TimeSpan.FromSeconds(scale.Quick ? 15 : 45)) : null;
            counters.Reset();
            counters.RecordLag(total + 1_000);
            var pgBefore = postgres is null ? default : await BenchPostgres.ActivityAsync(postgres);
            var netBefore = await redis.NetworkBytesAsync();
            var cpu = await CpuMeter.StartAsync(redis.Server);
            if (mode != IngestMode.Backlog)
            {
                stopwatch.Start();
                publish = EntryProducer.PublishAsync(redis.ConnectionString, workload.Entries, scale.ProducerClients, keyOf, paced: mode == IngestMode.Paced);
            }

            // Generous: a deadline only bounds a stalled run; it is never the measure (a slow box must not fail the zero-loss check).
            var deadline = TimeSpan.FromSeconds(Math.Max(180, total / 500.0));
            var samples = await WaitAppliedAsync(counters, total, deadline, stopwatch);
            var elapsed = stopwatch.Elapsed;
            var producer = publish is null ? TimeSpan.Zero : await publish;
            var used = await cpu.StopAsync();
            var lag = counters.TakeLagMilliseconds();
            if (profiler is not null)
            {
                log.WriteLine($"  ingest[{profile}]: profile written to {Profiler.Directory} (the profiled run's rate is not the headline: the tools share the cores)");
                foreach (var line in await profiler.StopAsync())
                {
                    log.WriteLine("    " + line);
                }
            }

            var applied = counters.Applied;
            var firstApplied = samples.FirstOrDefault(s => s.Applied > 0).Seconds;
            var afterFirst = samples.Count > 0 && samples[^1].Seconds > firstApplied ? Math.Min(applied, total) / (samples[^1].Seconds - firstApplied) : 0;
            if (mode == IngestMode.Backlog)
            {
                log.WriteLine($"  ingest[{profile}]: silo started in {siloStart:0.0} s; first event applied at {firstApplied:0.0} s; {afterFirst:N0}/s from the first apply to the last");
            }

            log.WriteLine($"  ingest[{profile}]: applied {applied:N0}/{total:N0} in {elapsed.TotalSeconds:0.00} s ({mode}{(publish is null ? "" : $", producer done after {producer.TotalSeconds:0.00} s")}); " +
                          $"cpu: bench process {used.ProcessSeconds:0.0} s, redis {used.RedisSeconds:0.0} s over {used.WallSeconds:0.0} s wall");

            var wrong = await WrongLastEventAsync(silo, workload);
            var pending = await PendingAsync(redis, silo);
            var (auditChanges, auditStale) = postgres is null
                ? (silo.Audit.Count - counters.Stale, counters.Stale) // embedded: rows in memory (stale rows counted by the detector)
                : await BenchPostgres.AuditRowsAsync(postgres);
            if (warmUp is not null)
            {
                auditChanges -= warmUp.ExpectedChanges; // the warm-up's first statuses are in the same table
            }

            log.WriteLine($"  ingest[{profile}]: silo warnings and errors: {silo.Warnings.Summary()}");
            // Read after the checks above, so PostgreSQL's statistics (flushed by backends within about a second) are in.
            var netBytes = await redis.NetworkBytesAsync() - netBefore;
            var pgAfter = postgres is null ? default : await BenchPostgres.ActivityAsync(postgres);
            var pg = (Commits: pgAfter.Commits - pgBefore.Commits, Rows: pgAfter.Rows - pgBefore.Rows, WalBytes: pgAfter.WalBytes - pgBefore.WalBytes);

            // After a warm-up every influencer already holds its first status, so the workload's first round is no change.
            var expectedChanges = workload.ExpectedChanges - (warmUp?.LastEventIds.Count ?? 0);
            return new IngestOutcome(profile, total, applied, elapsed.TotalSeconds, producer.TotalSeconds, SteadyRate(samples, total), wrong, pending,
                counters.Changes, expectedChanges, counters.Heartbeats, counters.Ignored, counters.Rejected, counters.Stale, auditChanges, auditStale,
                used.ProcessSeconds, used.RedisSeconds, used.WallSeconds, lag.Length == 0 ? null : Percentiles.FromMilliseconds(lag))
            {
                SiloStartSeconds = siloStart,
                FirstAppliedSeconds = firstApplied,
                PerSecondAfterFirstApply = afterFirst,
                PostgresCommits = pg.Commits,
                PostgresRows = pg.Rows,
                PostgresWalBytes = pg.WalBytes,
                RedisNetworkBytes = netBytes,
            };
        }
        finally
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }

            // Each run has its own database, so its idle pooled connections would count against max_connections.
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
    }

    private static async Task<List<(double Seconds, long Applied)>> WaitAppliedAsync(ChimeraCounters counters, long target, TimeSpan deadline, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        var samples = new List<(double Seconds, long Applied)>();
        while (counters.Applied < target && clock.Elapsed < deadline)
        {
            await Task.Delay(100);
            samples.Add((clock.Elapsed.TotalSeconds, counters.Applied));
        }

        return samples;
    }

    // Rate between the samples where 10% and 90% of the events had been applied: excludes start-up and the tail.
    private static double SteadyRate(List<(double Seconds, long Applied)> samples, long total)
    {
        var from = samples.FirstOrDefault(s => s.Applied >= total / 10);
        var to = samples.FirstOrDefault(s => s.Applied >= total * 9 / 10);
        return to.Seconds > from.Seconds ? (to.Applied - from.Applied) / (to.Seconds - from.Seconds) : 0;
    }

    private static async Task<long> WrongLastEventAsync(BenchSilo silo, IngestWorkload workload)
    {
        var wrong = 0L;
        foreach (var chunk in workload.LastEventIds.ToArray().Chunk(500))
        {
            var views = await Task.WhenAll(chunk.Select(p => silo.Client.GetGrain<IInfluencerGrain>(p.Key).GetStatusAsync().AsTask()));
            wrong += views.Where((v, i) => v?.LastEventId != chunk[i].Value).Count();
        }

        return wrong;
    }

    private static async Task<long> PendingAsync(BenchRedis redis, BenchSilo silo)
    {
        // Acks follow the effects shortly after delivery: wait for them with a bounded deadline.
        var db = redis.Connection.GetDatabase();
        var group = silo.Services.GetService<IOptions<ChimeraRedisOptions>>()?.Value.ConsumerGroup ?? "chimera";
        var deadline = Stopwatch.StartNew();
        long pending;
        do
        {
            pending = 0;
            for (var p = 0; p < Partitions; p++)
            {
                var info = await db.StreamPendingAsync(StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, p), group);
                pending += info.PendingMessageCount;
            }

            if (pending == 0)
            {
                break;
            }

            await Task.Delay(200);
        }
        while (deadline.Elapsed < TimeSpan.FromSeconds(20));

        return pending;
    }
}
