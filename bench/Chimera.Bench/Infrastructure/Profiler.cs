using System.Diagnostics;

namespace Chimera.Bench.Infrastructure;

/// <summary>
/// <c>--profile DIR</c>: attaches dotnet-counters (runtime, Orleans and Chimera counters every second, CSV) and
/// dotnet-trace (sampled thread time) to this process for one measured run, then writes the trace's top methods
/// (<c>dotnet-trace report ... topN</c>) next to them. The tools come from <c>CHIMERA_BENCH_TOOLS</c>, the tool path
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
        profiler.Start("dotnet-trace", "collect", "-p", pid, "--profile", "dotnet-sampled-thread-time",
            "--duration", traceFor.ToString(@"dd\:hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture), "-o", Path.Combine(directory, name + ".nettrace"));
        await Task.Delay(TimeSpan.FromSeconds(3)); // let both sessions attach before the measured work starts
        return profiler;
    }

    // Frames where a sampled thread is parked, not running: left out of the "where the time goes" list (their share is
    // printed on its own), since the thread-time sampler also samples idle and blocked threads.
    private static readonly string[] Idle = ["WaitForSignal", "WaitOneNoCheck", "Monitor.Wait(", "LowLevelSpinWaiter.Wait", "WaitAnyMultiple", "PollGC", "Missing Symbol"];

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

        var exclusive = await ReportAsync("exclusive", "topN", "-n", "80");
        await ReportAsync("inclusive", "topN", "-n", "80", "--inclusive");
        var counters = CounterSummary.Summarize(Path.Combine(_directory, _name + ".counters.csv"));
        await File.WriteAllLinesAsync(Path.Combine(_directory, _name + ".counters-summary.txt"), counters);

        var lines = new List<string> { "dotnet-counters over the run (per second unless the name says otherwise):" };
        lines.AddRange(counters.Select(c => "  " + c));
        var frames = exclusive.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0 && char.IsDigit(l.TrimStart()[0])).ToList();
        var idle = frames.Where(f => Idle.Any(i => f.Contains(i, StringComparison.Ordinal))).ToList();
        lines.Add($"dotnet-trace sampled thread time: {idle.Count} parked/idle frames left out ({string.Join("; ", idle.Select(f => f.TrimStart()))});");
        lines.Add("busiest running frames by exclusive share of all samples (inclusive, exclusive):");
        lines.AddRange(frames.Except(idle).Take(25).Select(f => "  " + f.TrimStart()));
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
