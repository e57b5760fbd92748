using System.Text.Json;

namespace Chimera.Bench.Infrastructure;

/// <summary>
/// <c>--json FILE</c> (issue 11 §7): every figure under a stable snake_case name in <c>metrics</c> (rates per second,
/// times in ms or s as the name says, counts as integers, settings as strings), the run's context in <c>run</c>, and
/// the printed table's rows in <c>rows</c>. Names are only ever added, never renamed, so scripts can diff runs.
/// </summary>
internal static class ResultJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task WriteAsync(FileInfo file, ResultTable table, RunInfo run)
    {
        var document = new
        {
            Run = run,
            Metrics = table.Metrics,
            Failures = table.Failures,
            Rows = table.Rows,
        };
        await using var stream = file.Create();
        await JsonSerializer.SerializeAsync(stream, document, Options);
    }

    /// <summary>Where and how the figures were taken.</summary>
    internal sealed record RunInfo(string Mode, IReadOnlyList<string> Benchmarks, DateTimeOffset StartedAt, double Seconds, string LoadAverageBefore,
        string LoadAverageAfter, int Cores, string Machine, bool BenchmarkFailed);
}
