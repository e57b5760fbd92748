using System.CommandLine;
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
            // The memory benchmark's measured child process (started by the benchmark itself, not by people).
            return await MemoryBench.RunChildAsync(args[1..]);
        }

        var quickOption = new Option<bool>("--quick") { Description = "Smaller scales (about 1.5 minutes instead of 3-5)." };
        var onlyOption = new Option<string>("--only") { Description = $"Comma-separated subset to run: {string.Join(',', All)} (default all)." };
        onlyOption.Validators.Add(result =>
        {
            var unknown = Split(result.GetValueOrDefault<string>()).Except(All).ToList();
            if (unknown.Count > 0)
            {
                result.AddError($"--only: unknown benchmark(s) {string.Join(", ", unknown)}; choose from {string.Join(", ", All)}");
            }
        });
        var jsonOption = new Option<FileInfo>("--json") { Description = "Also write every figure, under stable names, to this JSON file." };
        var profileOption = new Option<DirectoryInfo>("--profile") { Description = "Attach dotnet-counters and dotnet-trace (from CHIMERA_BENCH_TOOLS, installed by scripts/bench.sh --profile) to the production-profile ingest run; write them here." };
        var root = new RootCommand("chimera-bench: Chimera's benchmarks against same-run baselines (raw Redis XADD, raw PostgreSQL COPY, a linear-scan router); prints one table. "
            + "Exit 0 when every benchmark ran and nothing was lost (a missed speed target is a result, not a failure), 1 when one could not run or a zero-loss count failed, 2 for a usage error.")
        {
            quickOption, onlyOption, jsonOption, profileOption,
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"chimera-bench: {string.Join("; ", parse.Errors.Select(e => e.Message))} (see --help)");
            return 2;
        }

        if (parse.Action is not null)
        {
            // --help or --version (the root command has no action of its own): let the library print it.
            return await parse.InvokeAsync();
        }

        var quick = parse.GetValue(quickOption);
        var only = parse.GetValue(onlyOption) is { } list ? Split(list) : All;
        var scale = quick ? Scale.QuickRun : Scale.Full;
        var table = new ResultTable();
        var log = Console.Out;
        var total = Stopwatch.StartNew();
        var json = parse.GetValue(jsonOption);
        Profiler.Directory = parse.GetValue(profileOption)?.FullName;
        var started = DateTimeOffset.UtcNow;
        var loadBefore = MachineInfo.LoadAverage();
        log.WriteLine($"chimera-bench ({(quick ? "quick" : "full")}): {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}, {MachineInfo.Describe()}; load average {loadBefore}");
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
        var loadAfter = MachineInfo.LoadAverage();
        foreach (var failure in table.Failures)
        {
            log.WriteLine($"FAILED: {failure}");
        }

        log.WriteLine();
        log.WriteLine($"Total bench time {total.Elapsed.TotalSeconds:0} s; load average at the end {loadAfter}.");
        if (json is not null)
        {
            await ResultJson.WriteAsync(json, table, new ResultJson.RunInfo(quick ? "quick" : "full", only, started, total.Elapsed.TotalSeconds, loadBefore, loadAfter,
                Environment.ProcessorCount, MachineInfo.Describe(), failed));
            log.WriteLine($"Figures written to {json.FullName}.");
        }

        return failed || table.Failures.Count > 0 ? 1 : 0;
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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
