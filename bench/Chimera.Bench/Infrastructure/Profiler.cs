using System.Diagnostics;

namespace Chimera.Bench.Infrastructure;

/// <summary>
/// <c>--profile DIR</c>: attaches dotnet-counters (runtime, Orleans and Chimera counters every second, CSV) and
/// <c>dotnet-trace collect-linux --profile cpu-sampling</c> (perf_events CPU samples with managed frames; needs root,
/// which the bench has here) to this process for one measured run, then writes the trace's top methods
/// (<c>dotnet-trace report ... topN</c>, inclusive and exclusive) next to them. The tools come from <c>CHIMERA_BENCH_TOOLS</c>, the tool path
/// scripts/bench.sh installs them into. Profiling costs CPU, so a profiled run's rate is not the headline.
/// </summary>
internal sealed class Profiler : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _tools;
    private readonly string _name;
    private readonly List<Process> _processes = [];

    private Profiler(string directory, string tools, string name)
    {
        _directory = directory;
        _tools = tools;
        _name = name;
    }

    /// <summary>Where the profile of the current run goes (null: not profiling).</summary>
    public static string? Directory { get; set; }

    /// <summary>Starts both tools on this process, or returns null when not profiling.</summary>
    public static async Task<Profiler?> StartAsync(string name, TimeSpan traceFor)
    {
        if (Directory is not { } directory)
        {
            return null;
        }

        var tools = Environment.GetEnvironmentVariable("CHIMERA_BENCH_TOOLS")
            ?? throw new InvalidOperationException("--profile needs CHIMERA_BENCH_TOOLS (scripts/bench.sh --profile DIR sets it after installing the tools)");
        System.IO.Directory.CreateDirectory(directory);
        var profiler = new Profiler(directory, tools, name);
        var pid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        profiler.Start("dotnet-counters", "collect", "-p", pid, "--format", "csv", "--refresh-interval", "1",
            "--counters", "System.Runtime,Microsoft.Orleans,Chimera", "-o", Path.Combine(directory, name + ".counters.csv"));
        profiler.Start("dotnet-trace", "collect-linux", "-p", pid, "--profile", "cpu-sampling",
            "--duration", traceFor.ToString(@"dd\:hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture), "-o", Path.Combine(directory, name + ".nettrace"));
        await Task.Delay(TimeSpan.FromSeconds(3)); // let both sessions attach before the measured work starts
        return profiler;
    }

    // Roots every CPU sample shares (the event itself, thread start): they say nothing about where the time goes.
    private static readonly string[] Roots = ["EventName:", "EventData:", "(Non-Activities)", "Threads ", "start_thread", "__clone3", "Thread.StartCallback", "WorkerThreadStart", "ExecutionContext::RunInternal"];

    /// <summary>
    /// Stops the counters, waits for the trace to finish, writes its top methods (exclusive and inclusive) and the
    /// counters' summary next to them; returns the lines to print: the counters, then the busiest non-idle frames.
    /// </summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        var countersTool = _processes[0];
        if (!countersTool.HasExited)
        {
            countersTool.Kill(); // the CSV is written as it goes
        }

        var trace = _processes[1];
        using (var wait = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await trace.WaitForExitAsync(wait.Token);
        }

        await ReportAsync("exclusive", "topN", "-n", "80");
        var inclusive = await ReportAsync("inclusive", "topN", "-n", "150", "--inclusive");
        var counters = CounterSummary.Summarize(Path.Combine(_directory, _name + ".counters.csv"));
        await File.WriteAllLinesAsync(Path.Combine(_directory, _name + ".counters-summary.txt"), counters);

        var lines = new List<string> { "dotnet-counters over the run (per second unless the name says otherwise):" };
        lines.AddRange(counters.Select(c => "  " + c));
        var frames = inclusive.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0 && char.IsDigit(l.TrimStart()[0]))
            .Where(f => !Roots.Any(r => f.Contains(r, StringComparison.Ordinal))).ToList();
        lines.Add("dotnet-trace collect-linux cpu-sampling, this process: frames by inclusive share of its CPU samples (inclusive, exclusive):");
        lines.AddRange(frames.Take(70).Select(f => "  " + f.TrimStart()));
        return lines;
    }

    private async Task<string> ReportAsync(string label, params string[] command)
    {
        var report = new ProcessStartInfo(Path.Combine(_tools, "dotnet-trace")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        report.ArgumentList.Add("report");
        report.ArgumentList.Add(Path.Combine(_directory, _name + ".nettrace"));
        foreach (var arg in command)
        {
            report.ArgumentList.Add(arg);
        }

        using var process = Process.Start(report) ?? throw new InvalidOperationException("could not start dotnet-trace report");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        await File.WriteAllTextAsync(Path.Combine(_directory, $"{_name}.top-{label}.txt"), output);
        return output;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
            finally
            {
                process.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Start(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(_tools, tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }
}
