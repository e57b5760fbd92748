using System.Diagnostics;
using Chimera.Bench.Infrastructure;
using Chimera.Bench.Workload;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Spec;
using Chimera.Redis.Hosting;

namespace Chimera.Bench.Benchmarks;

/// <summary>
/// End-to-end signed ingest. Baseline: the same pre-signed entries XADDed raw (same clients, same pipelining)
/// into scratch keys. Chimera: the entries XADDed into the status partitions while one silo (Redis provider,
/// embedded storage) consumes them; the clock stops when the silo has applied every event (Chimera's own
/// change + heartbeat counters), then every grain's LastEventId is checked and the consumer group must have
/// no pending entry left: nothing lost, nothing left unacknowledged.
/// </summary>
internal static class IngestBench
{
    private const int Partitions = ChimeraRedisOptions.DefaultPartitions;

    public static async Task<IngestWorkload> RunAsync(Scale scale, BenchRedis redis, ResultTable table, TextWriter log)
    {
        await redis.FlushAsync();
        var generate = Stopwatch.StartNew();
        var workload = IngestWorkload.Create(scale.IngestInfluencers, scale.IngestEventsPerInfluencer, Partitions, DateTimeOffset.UtcNow, "ing");
        var total = workload.Entries.Length;
        log.WriteLine($"  ingest: {total:N0} signed entries for {scale.IngestInfluencers:N0} influencers pre-generated in {generate.Elapsed.TotalSeconds:0.0} s");

        // Baseline: raw XADD of exactly these entries.
        var baselineCpu = await CpuMeter.StartAsync(redis.Server);
        var raw = await EntryProducer.PublishAsync(redis.ConnectionString, workload.Entries, scale.ProducerClients, p => $"bench.raw:{p}");
        var baseCpu = await baselineCpu.StopAsync();
        var rawRate = total / raw.TotalSeconds;
        log.WriteLine($"  ingest: raw XADD {rawRate:N0}/s ({raw.TotalSeconds:0.00} s; cpu: bench {baseCpu.ProcessSeconds:0.0} s, redis {baseCpu.RedisSeconds:0.0} s)");
        await redis.FlushAsync();

        using var counters = new ChimeraCounters();
        await using var silo = await BenchSilo.StartAsync(redis.ConnectionString, Partitions);
        counters.Reset();

        var cpu = await CpuMeter.StartAsync(redis.Server);
        var stopwatch = Stopwatch.StartNew();
        var publish = EntryProducer.PublishAsync(redis.ConnectionString, workload.Entries, scale.ProducerClients,
            p => StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, p));
        var deadline = TimeSpan.FromSeconds(Math.Max(60, total / 2_000.0));
        var samples = new List<(double Seconds, long Applied)>();
        while (counters.Applied < total && stopwatch.Elapsed < deadline)
        {
            await Task.Delay(100);
            samples.Add((stopwatch.Elapsed.TotalSeconds, counters.Applied));
        }

        var elapsed = stopwatch.Elapsed;
        var published = await publish;
        var used = await cpu.StopAsync();
        var applied = counters.Applied;
        var e2eRate = applied / elapsed.TotalSeconds;
        var steady = SteadyRate(samples, total);
        log.WriteLine($"  ingest: chimera applied {applied:N0}/{total:N0} in {elapsed.TotalSeconds:0.00} s (producer done after {published.TotalSeconds:0.00} s); " +
                      $"cpu: bench process {used.ProcessSeconds:0.0} s, redis {used.RedisSeconds:0.0} s over {used.WallSeconds:0.0} s wall");

        // Proof: every grain ends on its influencer's last event; nothing pending in any consumer group.
        var wrong = 0;
        var ids = workload.LastEventIds.ToArray();
        foreach (var chunk in ids.Chunk(500))
        {
            var views = await Task.WhenAll(chunk.Select(p => silo.Client.GetGrain<IInfluencerGrain>(p.Key).GetStatusAsync().AsTask()));
            wrong += views.Where((v, i) => v?.LastEventId != chunk[i].Value).Count();
        }

        var pending = await PendingAsync(redis, silo);
        var auditRows = silo.Audit.Count;
        var lost = total - applied;
        table.Add("Ingest (e2e)", $"signed events/s, XADD -> grain applied ({total:N0} events, {scale.IngestInfluencers:N0} influencers, {scale.ProducerClients} clients)",
            ResultTable.Rate(e2eRate), $"raw XADD {ResultTable.Rate(rawRate)}", ">= 50,000/s", ResultTable.Pass(e2eRate >= 50_000 && lost == 0 && wrong == 0));
        table.Add("Ingest (e2e)", "steady-state rate (10%-90% of events applied)", ResultTable.Rate(steady), "", ">= 50,000/s", ResultTable.Pass(steady >= 50_000));
        table.Add("Ingest (e2e)", "lost: not applied / grains not on their last event / still pending in Redis",
            $"{lost} / {wrong} / {pending}", "", "0 / 0 / 0", ResultTable.Pass(lost == 0 && wrong == 0 && pending == 0));
        table.Note(
            $"Ingest: {counters.Changes:N0} changes (expected {workload.ExpectedChanges:N0}; {auditRows:N0} audit rows) and {counters.Heartbeats:N0} heartbeats applied, {counters.Ignored} ignored (redelivered), {counters.Rejected} rejected. " +
            $"CPU over the Chimera run: bench process (silo + producer) {used.ProcessSeconds:0.0} s, redis-server {used.RedisSeconds:0.0} s in {used.WallSeconds:0.0} s wall on {Environment.ProcessorCount} cores " +
            $"({used.ProcessSeconds * 1e6 / Math.Max(1, applied):0} µs of process CPU per event; the raw baseline spent {baseCpu.ProcessSeconds * 1e6 / total:0} µs per event in the producer).");
        return workload;
    }

    // Rate between the samples where 10% and 90% of the events had been applied: excludes start-up and the tail.
    private static double SteadyRate(List<(double Seconds, long Applied)> samples, long total)
    {
        var from = samples.FirstOrDefault(s => s.Applied >= total / 10);
        var to = samples.FirstOrDefault(s => s.Applied >= total * 9 / 10);
        return to.Seconds > from.Seconds ? (to.Applied - from.Applied) / (to.Seconds - from.Seconds) : 0;
    }

    private static async Task<long> PendingAsync(BenchRedis redis, BenchSilo silo)
    {
        // Acks follow the cache purge shortly after delivery: wait for them with a bounded deadline.
        var db = redis.Connection.GetDatabase();
        var options = silo.Services.GetService(typeof(Microsoft.Extensions.Options.IOptions<ChimeraRedisOptions>)) as Microsoft.Extensions.Options.IOptions<ChimeraRedisOptions>;
        var group = options?.Value.ConsumerGroup ?? "chimera";
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
        while (deadline.Elapsed < TimeSpan.FromSeconds(15));

        return pending;
    }
}
