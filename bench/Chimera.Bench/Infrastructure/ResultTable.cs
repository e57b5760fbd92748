using System.Globalization;

namespace Chimera.Bench.Infrastructure;

/// <summary>Collects result rows and notes, and prints them as a Markdown table (pasteable into BENCHMARKS.md).</summary>
internal sealed class ResultTable
{
    private readonly List<ResultRow> _rows = [];
    private readonly List<string> _notes = [];
    private readonly SortedDictionary<string, object> _metrics = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];

    public IReadOnlyList<ResultRow> Rows => _rows;

    public void Add(string area, string metric, string chimera, string baseline = "", string target = "", string verdict = "") =>
        _rows.Add(new ResultRow(area, metric, chimera, baseline, target, verdict));

    public void Note(string note) => _notes.Add(note);

    /// <summary>A figure under a stable name for <c>--json</c> (numbers as measured; strings for settings).</summary>
    public void Metric(string name, object value) => _metrics[name] = value is double d ? Math.Round(d, 3) : value;

    /// <summary>A correctness check (counts, never speed): a false one makes the run exit 1.</summary>
    public void Require(bool ok, string what)
    {
        if (!ok)
        {
            _failures.Add(what);
        }
    }

    public IReadOnlyDictionary<string, object> Metrics => _metrics;

    public IReadOnlyList<string> Failures => _failures;

    public static string Ratio(double chimera, double baseline) => baseline > 0 ? (chimera / baseline).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "n/a";

    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture) + "/s";

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Pass(bool ok) => ok ? "PASS" : "MISS";

    public void Print(TextWriter output)
    {
        string[] header = ["Area", "Metric", "Chimera", "Same-run baseline", "Target", "Verdict"];
        var cells = _rows.Select(r => new[] { r.Area, r.Metric, r.Chimera, r.Baseline, r.Target, r.Verdict }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        output.WriteLine(Line(header, widths));
        output.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in cells)
        {
            output.WriteLine(Line(row, widths));
        }

        if (_notes.Count > 0)
        {
            output.WriteLine();
            foreach (var note in _notes)
            {
                output.WriteLine("- " + note);
            }
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
}
