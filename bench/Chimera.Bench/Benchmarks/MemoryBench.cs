using System.Diagnostics;
using System.Globalization;
using Chimera.Bench.Infrastructure;
using Chimera.Bench.Workload;
using Chimera.Contracts.Spec;
using Chimera.Redis.Hosting;

namespace Chimera.Bench.Benchmarks;

/// <summary>
/// Memory per live influencer and cold start, on the production profile (issue 11 §3). Runs in a fresh child process
/// (so earlier benchmarks' heaps do not blur RSS): one silo (Redis provider, PostgreSQL storage, reminders and audit
/// with PostgreSQL's default durability) warmed with 1,000 influencers, then RSS and the managed heap after a full
/// compacting GC; then one event each for N more influencers through Redis until every one is applied (grain active,
/// state stored, routing entry, reminder registered, audit row), GC again, RSS again. Bytes per influencer =
/// growth / N; cold start = the time from the first XADD until all N first-seen influencers are applied.
/// </summary>
internal static class MemoryBench
{
    public const string ChildCommand = "memory-child";

    private const int WarmUp = 1_000;

    public static async Task RunAsync(Scale scale, BenchRedis redis, ResultTable table, TextWriter log)
    {
        await redis.FlushAsync();
        await using var postgres = await BenchPostgres.StartAsync();
        var database = await postgres.CreateDatabaseAsync("memory");
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(MemoryBench).Assembly.Location);
        }

        start.ArgumentList.Add(ChildCommand);
        start.ArgumentList.Add(redis.ConnectionString);
        start.ArgumentList.Add(scale.MemoryInfluencers.ToString(CultureInfo.InvariantCulture));
        start.Environment["CHIMERA_BENCH_POSTGRES"] = database; // a connection string: never on a command line
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the memory child process");
        string? result = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                result = line;
            }
            else
            {
                log.WriteLine("  memory: " + line);
            }
        }

        await child.WaitForExitAsync();
        if (child.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"memory child exited with {child.ExitCode}");
        }

        var f = result.Split(' ')[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var (n, rssBefore, rssAfter, heapBefore, heapAfter, applied, seconds) = ((int)f[0], f[1], f[2], f[3], f[4], (long)f[5], f[6]);
        var perRss = (rssAfter - rssBefore) / n;
        var perHeap = (heapAfter - heapBefore) / n;
        table.Add("Memory", $"process RSS growth per live influencer, production profile ({n:N0} activated through Redis)", $"{perRss:N0} B",
            $"managed heap growth {perHeap:N0} B", "<= 4,096 B", ResultTable.Pass(perRss <= 4096 && applied == n));
        var perSecond = applied / seconds;
        table.Add("Cold start", $"first-seen influencers served (one event each through Redis), production profile ({n:N0})",
            $"{applied:N0} in {seconds:0.0} s ({ResultTable.Rate(perSecond)})", $"100,000 at this rate: {100_000 / perSecond:0} s", "100,000 within 60 s",
            ResultTable.Pass(applied == n && 100_000 / perSecond <= 60));
        table.Require(applied == n, $"memory: only {applied:N0}/{n:N0} first-seen influencers applied before the deadline");
        table.Note(
            $"Memory: RSS {rssBefore / 1048576:0} MB -> {rssAfter / 1048576:0} MB, managed heap {heapBefore / 1048576:0} MB -> {heapAfter / 1048576:0} MB for {applied:N0}/{n:N0} influencers applied (production profile: state, reminders and audit in PostgreSQL).");
        table.Metric("memory_bytes_per_influencer", perRss);
        table.Metric("memory_heap_bytes_per_influencer", perHeap);
        table.Metric("memory_influencers", n);
        table.Metric("cold_start_seconds", seconds);
        table.Metric("cold_start_influencers", applied);
        table.Metric("cold_start_per_s", perSecond);
    }

    public static async Task<int> RunChildAsync(string[] args)
    {
        var connectionString = args[0];
        var n = int.Parse(args[1], CultureInfo.InvariantCulture);
        using var counters = new ChimeraCounters();
        await using var silo = await BenchSilo.StartAsync(connectionString, Environment.GetEnvironmentVariable("CHIMERA_BENCH_POSTGRES"));
        counters.Reset();
        await ActivateAsync(connectionString, counters, "warm", WarmUp);

        ProcessMemory.Settle();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var rssBefore = ProcessMemory.ResidentBytes();
        var stopwatch = Stopwatch.StartNew();
        var applied = await ActivateAsync(connectionString, counters, "mem", n);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"{applied:N0} influencers activated in {seconds:0.0} s");

        ProcessMemory.Settle();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var rssAfter = ProcessMemory.ResidentBytes();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {n} {rssBefore} {rssAfter} {heapBefore} {heapAfter} {applied} {seconds}"));
        return 0;
    }

    // One first-status event per influencer, published in chunks so the load generator holds little memory.
    private static async Task<long> ActivateAsync(string connectionString, ChimeraCounters counters, string prefix, int count)
    {
        var target = counters.Applied + count;
        var random = new Random(prefix.Length);
        var now = DateTimeOffset.UtcNow;
        for (var from = 0; from < count; from += 10_000)
        {
            var chunk = new SignedEntry[Math.Min(10_000, count - from)];
            for (var i = 0; i < chunk.Length; i++)
            {
                var id = $"{prefix}-{from + i:D6}";
                chunk[i] = SignedEntry.Create(SignedEntry.Event(id, id + "-0", now, Fleet.Capabilities(random), 0.3, Fleet.Confidence(random), 0.5), ChimeraRedisOptions.DefaultPartitions);
            }

            await EntryProducer.PublishAsync(connectionString, chunk, 2, p => StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, p));
        }

        var deadline = Stopwatch.StartNew();
        while (counters.Applied < target && deadline.Elapsed < TimeSpan.FromSeconds(Math.Max(120, count / 40.0)))
        {
            await Task.Delay(100);
        }

        return count - (target - counters.Applied);
    }
}
