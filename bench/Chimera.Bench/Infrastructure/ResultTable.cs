using System.Globalization;

namespace Chimera.Bench.Infrastructure;

/// <summary>Collects result rows and notes, and prints them as a Markdown table (pasteable into BENCHMARKS.md).</summary>
internal sealed class ResultTable
{
    private readonly List<ResultRow> _rows = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<ResultRow> Rows => _rows;

    public void Add(string area, string metric, string chimera, string baseline = "", string target = "", string verdict = "") =>
        _rows.Add(new ResultRow(area, metric, chimera, baseline, target, verdict));

    public void Note(string note) => _notes.Add(note);

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
