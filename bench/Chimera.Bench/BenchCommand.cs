using System.Diagnostics;
using Chimera.Bench.Benchmarks;
using Chimera.Bench.Infrastructure;

namespace Chimera.Bench;

/// <summary>
/// chimera-bench [--quick] [--only gate,ingest,routing,stale,memory,audit]: runs the benchmarks against their
/// same-run baselines and prints one table. Exit code 0 when every benchmark ran (a missed target is a
/// result, not a failure), 1 when one could not run.
/// </summary>
internal static class BenchCommand
{
    private static readonly string[] All = ["gate", "ingest", "routing", "stale", "memory", "audit"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == MemoryBench.ChildCommand)
        {
            return await MemoryBench.RunChildAsync(args[1..]);
        }

        var quick = args.Contains("--quick");
        var only = All;
        var at = Array.IndexOf(args, "--only");
        if (at >= 0 && at + 1 < args.Length)
        {
            only = args[at + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var unknown = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a is not "--quick" and not "--only").ToList();
        if (unknown.Count > 0 || only.Except(All).Any())
        {
            await Console.Error.WriteLineAsync($"usage: chimera-bench [--quick] [--only {string.Join(',', All)}]");
            return 2;
        }

        var scale = quick ? Scale.QuickRun : Scale.Full;
        var table = new ResultTable();
        var log = Console.Out;
        var total = Stopwatch.StartNew();
        log.WriteLine($"chimera-bench ({(quick ? "quick" : "full")}): {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, {MachineInfo.Describe()}");
        var failed = false;
        await using var redis = await BenchRedis.StartAsync();
        foreach (var name in only)
        {
            var step = Stopwatch.StartNew();
            log.WriteLine($"[{name}] running...");
            try
            {
                await RunOneAsync(name, scale, redis, table, log);
            }
            catch (Exception ex)
            {
                failed = true;
                table.Add(name, "did not complete", ex.GetType().Name, "", "", "ERROR");
                log.WriteLine($"[{name}] failed: {ex}");
            }

            log.WriteLine($"[{name}] done in {step.Elapsed.TotalSeconds:0.0} s");
        }

        log.WriteLine();
        table.Print(log);
        log.WriteLine();
        log.WriteLine($"Total bench time {total.Elapsed.TotalSeconds:0} s.");
        return failed ? 1 : 0;
    }

    private static async Task RunOneAsync(string name, Scale scale, BenchRedis redis, ResultTable table, TextWriter log)
    {
        switch (name)
        {
            case "gate":
                var sample = Workload.IngestWorkload.Create(2_000, 2, 8, DateTimeOffset.UtcNow, "gate").Entries;
                GateBench.Run(scale, sample, table);
                break;
            case "ingest":
                await IngestBench.RunAsync(scale, redis, table, log);
                break;
            case "routing":
                await RoutingBench.RunAsync(scale, table, log);
                break;
            case "stale":
                await StaleBench.RunAsync(scale, redis, table, log);
                break;
            case "memory":
                await MemoryBench.RunAsync(scale, redis, table, log);
                break;
            case "audit":
                await AuditBench.RunAsync(scale, table, log);
                break;
        }
    }
}
