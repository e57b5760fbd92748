namespace Chimera.Bench.Infrastructure;

/// <summary>One line about the machine: CPU model and memory, from /proc.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var mem = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        return $"{cpu}, {mem} RAM";
    }

    /// <summary>The 1, 5 and 15 minute load averages (/proc/loadavg): how shared the two cores were.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
